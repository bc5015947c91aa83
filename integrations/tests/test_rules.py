"""Pure rules of webhooks: signatures, retry schedule, outcomes (no database)."""

import hashlib
import hmac

from integrations import rules


def test_sign_is_hmac_sha256_of_timestamp_dot_body():
    body = b'{"event":"mention.created"}'
    expected = hmac.new(b"whsec_abc", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert rules.sign(secret="whsec_abc", timestamp=1700000000, body=body) == expected
    assert (
        rules.signature_header(secret="whsec_abc", timestamp=1700000000, body=body)
        == f"t=1700000000,v1={expected}"
    )


def test_verify_signature_accepts_fresh_and_refuses_tampered_or_old():
    body = b'{"a":1}'
    header = rules.signature_header(secret="s3cret", timestamp=1000, body=body)
    assert rules.verify_signature(secret="s3cret", header=header, body=body, now=1100) is True
    assert rules.verify_signature(secret="s3cret", header=header, body=b'{"a":2}', now=1100) is False
    assert rules.verify_signature(secret="other", header=header, body=body, now=1100) is False
    assert rules.verify_signature(secret="s3cret", header=header, body=body, now=1000 + 301) is False
    assert rules.verify_signature(secret="s3cret", header="t=abc,v1=00", body=body, now=1000) is False


def test_verify_signature_accepts_any_of_several_v1_values():
    body = b"{}"
    good = rules.sign(secret="new", timestamp=5, body=body)
    assert rules.verify_signature(secret="new", header=f"t=5,v1=deadbeef,v1={good}", body=body, now=5)


def test_retry_delay_grows_exponentially_up_to_the_cap():
    assert [rules.retry_delay(n) for n in range(0, 6)] == [0, 30, 120, 480, 1920, 7680]
    assert rules.retry_delay(20) == 6 * 3600


def test_next_status_by_answer_and_attempts():
    assert rules.next_status(status_code=204, attempts=1, max_attempts=3) == "succeeded"
    assert rules.next_status(status_code=500, attempts=1, max_attempts=3) == "retrying"
    assert rules.next_status(status_code=None, attempts=2, max_attempts=3) == "retrying"
    assert rules.next_status(status_code=429, attempts=1, max_attempts=3) == "retrying"
    assert rules.next_status(status_code=503, attempts=3, max_attempts=3) == "failed"
    assert rules.next_status(status_code=400, attempts=1, max_attempts=3) == "failed"
    assert rules.next_status(status_code=410, attempts=1, max_attempts=3) == "failed"
    assert rules.next_status(status_code=None, attempts=1, max_attempts=3, retryable_error=False) == "failed"


def test_encode_body_is_stable_compact_utf8():
    assert rules.encode_body({"b": 1, "a": "Пекарня"}) == '{"a":"Пекарня","b":1}'.encode()


def test_request_fingerprint_differs_by_body_path_and_query():
    base = {"method": "POST", "path": "/api/v1/x/", "query": "", "body": b"{}"}
    fp = rules.request_fingerprint(**base)
    assert fp == rules.request_fingerprint(**base)
    assert fp != rules.request_fingerprint(**{**base, "body": b'{"a":1}'})
    assert fp != rules.request_fingerprint(**{**base, "path": "/api/v1/y/"})
    assert fp != rules.request_fingerprint(**{**base, "query": "a=1"})
