"""Which classifier classifies a workspace's mentions, loaded once per process.

* the starter model: trained from the shipped corpus by ``manage.py train_classifier`` into
  ``settings.NEGATIVITY_MODEL_DIR``; trained there on first use when the file is missing;
* a workspace's active ``ClassifierModel`` version (starter corpus + its corrections), when it has
  one; its pickled blob is loaded once per process and version.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from django.conf import settings

from .ml import classifier, corpus

logger = logging.getLogger(__name__)

STARTER_FILE = f"starter-v{classifier.FORMAT_VERSION}.joblib"
STARTER_SEED = 20260401
STARTER_PER_CLASS = 400

_lock = threading.Lock()
_starter: classifier.TrainedClassifier | None = None
_versions: dict[int, classifier.TrainedClassifier] = {}


def starter_path() -> Path:
    return Path(settings.NEGATIVITY_MODEL_DIR) / STARTER_FILE


def starter_records() -> list[dict]:
    return corpus.generate(seed=STARTER_SEED, per_class=STARTER_PER_CLASS)


def train_starter(*, save: bool = True) -> classifier.TrainedClassifier:
    """Train the starter model from the shipped corpus (and store it in the model folder)."""
    global _starter
    model = classifier.train(starter_records(), label="starter")
    if save:
        path = starter_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(classifier.dumps(model))
        tmp.replace(path)
    _starter = model
    return model


def use_starter(model: classifier.TrainedClassifier) -> None:
    """Install an already trained starter model in this process (tests train it once)."""
    global _starter
    _starter = model


def starter() -> classifier.TrainedClassifier:
    """The starter model: from memory, from its file, or trained now when neither exists."""
    global _starter
    if _starter is not None:
        return _starter
    with _lock:
        if _starter is None:
            path = starter_path()
            if path.exists():
                try:
                    _starter = classifier.loads(path.read_bytes())
                except Exception:  # an unreadable or outdated file is replaced
                    logger.warning("starter classifier at %s is unreadable; retraining", path)
            if _starter is None:
                train_starter(save=True)
    return _starter


def for_workspace(workspace) -> tuple[classifier.TrainedClassifier, str]:
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
            model = classifier.loads(blob)
        except Exception:
            logger.exception("classifier version %s cannot be loaded; using the starter model", pk)
            return starter(), "starter"
        _versions[pk] = model
    return model, f"v{version}"
