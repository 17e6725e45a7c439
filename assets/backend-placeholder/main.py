"""Placeholder code of the backend Lambda, created with the function so the stack can apply
before the first release. The deploy pipeline replaces it (`aws lambda update-function-code`);
the stack ignores code changes, so a later apply never reverts what the pipeline deployed."""
import json


def lambda_handler(event, context):
    return {
        "statusCode": 503,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"message": "the backend has not been deployed yet"}),
    }
