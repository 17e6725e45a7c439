"""Placeholder code of the backend Lambda, created with the function so the stack can apply
before the first release. The deploy pipeline replaces it (`aws lambda update-function-code`);
the stack ignores code changes, so a later apply never reverts what the pipeline deployed.

Behind the edge (the function has ORIGIN_VERIFY_PARAM), a request whose origin verification
header does not carry the SecureString parameter's value is refused with 403 before anything
else, so the public execute-api endpoint is useless without going through CloudFront. The
released backend must keep this check (docs/load-balancer-and-auth.md)."""
import hmac
import json
import os

# Parameter name -> value, read once per container (a new value reaches new containers; publish
# a function version or wait for containers to recycle after rotating it).
_TOKENS = {}


def _fetch_parameter(name):
    import boto3  # in the Lambda runtime; imported here so the check can be tested without it

    return boto3.client("ssm").get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]


def _expected_token(name):
    if name not in _TOKENS:
        _TOKENS[name] = _fetch_parameter(name)
    return _TOKENS[name]


def _header(event, name):
    wanted = name.lower()
    for key, value in (event.get("headers") or {}).items():
        if key.lower() == wanted:
            return value
    return None


def _response(status, message):
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"message": message}),
    }


def origin_verified(event):
    """True when the function is not behind the edge, or the request carries the edge's token."""
    parameter = os.environ.get("ORIGIN_VERIFY_PARAM")
    if not parameter:
        return True
    received = _header(event, os.environ.get("ORIGIN_VERIFY_HEADER", "x-origin-verify"))
    if not received:
        return False
    try:
        expected = _expected_token(parameter)
    except Exception as error:  # a missing parameter or no permission: refuse, never pass
        print(json.dumps({"level": "ERROR", "message": "origin verification parameter unreadable", "parameter": parameter, "error": type(error).__name__}))
        return False
    if not expected:
        return False
    return hmac.compare_digest(received.encode("utf-8"), expected.encode("utf-8"))


def lambda_handler(event, context):
    if not origin_verified(event):
        return _response(403, "forbidden")
    return _response(503, "the backend has not been deployed yet")
