"""Which classifier classifies a workspace's mentions, loaded once per process.

* the shipped model: trained from the real labelled corpora by ``manage.py train_classifier``
  and committed under ``negativity/ml/model/`` (vocabulary and weights, no corpus text), with
  the keys of its held-out rows and its measured figures beside it;
* a workspace's active ``ClassifierModel`` version: the shipped model refined on the
  workspace's corrections (``ml.classifier.fine_tune``); its blob holds only the head weights.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import threading
from pathlib import Path

import numpy as np

from .ml import classifier

logger = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "ml" / "model"
MODEL_FILE = MODEL_DIR / "text-model.npz"
HOLDOUT_FILE = MODEL_DIR / "holdout.json.gz"
EVALUATION_FILE = MODEL_DIR / "evaluation.json"

_lock = threading.Lock()
_starter: classifier.TextModel | None = None
_versions: dict[int, classifier.TextModel] = {}


class ModelMissing(RuntimeError):
    pass


def starter_path() -> Path:
    return MODEL_FILE


def save_shipped(model: classifier.TextModel, keys: dict, report: dict, directory: Path = MODEL_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / "text-model.npz.tmp"
    tmp.write_bytes(model.to_bytes())
    tmp.replace(directory / MODEL_FILE.name)
    with gzip.GzipFile(directory / HOLDOUT_FILE.name, "wb", mtime=0) as fh:
        fh.write(json.dumps(keys, sort_keys=True).encode("utf-8"))
    (directory / EVALUATION_FILE.name).write_text(
        json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def holdout_keys(directory: Path = MODEL_DIR) -> dict[str, list[str]]:
    with gzip.open(directory / HOLDOUT_FILE.name, "rb") as fh:
        return json.loads(fh.read().decode("utf-8"))


def shipped_evaluation() -> dict:
    """The figures measured on the held-out rows when the shipped model was trained."""
    try:
        return json.loads(EVALUATION_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def use_starter(model: classifier.TextModel) -> None:
    global _starter
    _starter = model


def starter() -> classifier.TextModel:
    """The shipped model (loaded from its file once per process)."""
    global _starter
    if _starter is not None:
        return _starter
    with _lock:
        if _starter is None:
            if not MODEL_FILE.exists():
                raise ModelMissing(f"{MODEL_FILE} is missing: run manage.py train_classifier")
            _starter = classifier.TextModel.from_bytes(MODEL_FILE.read_bytes())
    return _starter


def version_blob(model: classifier.TextModel) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        format_version=np.asarray(classifier.FORMAT_VERSION),
        weights=model.weights,
        bias=model.bias,
        meta=np.asarray(json.dumps(model.meta, ensure_ascii=False)),
    )
    return buffer.getvalue()


def version_from_blob(blob: bytes, label: str) -> classifier.TextModel:
    with np.load(io.BytesIO(bytes(blob)), allow_pickle=False) as arrays:
        if int(arrays["format_version"]) != classifier.FORMAT_VERSION:
            raise ValueError("not a classifier version of this format")
        base = starter()
        if arrays["weights"].shape != base.weights.shape:
            raise ValueError("this version was refined from another shipped model")
        return base.with_weights(arrays["weights"], arrays["bias"], label, json.loads(str(arrays["meta"])))


def for_workspace(workspace) -> tuple[classifier.TextModel, str]:
    """The model that classifies ``workspace``'s mentions and its version label."""
    from .enums import ClassifierStatus
    from .models import ClassifierModel

    active = (
        ClassifierModel.objects.for_workspace(workspace)
        .filter(is_active=True, status=ClassifierStatus.READY)
        .values_list("pk", "version")
        .first()
    )
    if active is None:
        return starter(), "starter"
    pk, version = active
    model = _versions.get(pk)
    if model is None:
        blob = ClassifierModel.objects.filter(pk=pk).values_list("blob", flat=True).first()
        try:
            model = version_from_blob(blob, f"v{version}")
        except Exception:
            logger.exception("classifier version %s cannot be loaded; using the shipped model", pk)
            return starter(), "starter"
        _versions[pk] = model
    return model, f"v{version}"
