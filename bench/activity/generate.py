#!/usr/bin/env python3
"""Writes a synthetic but realistic account for `iamlint unused` and `iamlint generate`.

One account (111122223333) with 50 principals (28 roles, 22 users) in 4 groups, their inline,
customer-managed and AWS managed policies, as `aws iam get-account-authorization-details`
prints them; 100,000 CloudTrail records over 90 days, as CloudTrail delivers them to S3 (one
file per day and region, most gzipped) plus one JSON-lines export; the IAM credential report;
two last-accessed reports. Every principal follows a usage profile (the calls it makes, with
what weight, on which resources); a few never act, a few try calls they are not granted
(denied), AWS services act too.

Next to the data it writes expected.json, the answer the generator knows independently of
iamlint: per principal, the IAM actions it used successfully in the window and the resources
it used them on; which principals never acted; which passwords and access keys went unused.
Tests compare iamlint's results with it.

Usage: generate.py OUT_DIR [--records N] [--seed S]
Deterministic for a given seed. Standard library only.
"""

import argparse
import csv
import datetime as dt
import gzip
import json
import os
import random
import uuid
import zlib

ACCOUNT = "111122223333"
REGION = "us-east-1"
START = dt.datetime(2026, 8, 1, tzinfo=dt.timezone.utc)  # the 90-day window: [START, END)
DAYS = 90
END = START + dt.timedelta(days=DAYS)

# --- calls: (eventSource, eventName) -> the IAM action it needs (None: no permission) ---
# The generator's own table, written from the AWS service documentation independently of
# rules/data/cloudtrail-events.json, so tests compare two sources rather than one with itself.
CALLS = {
    ("s3", "GetObject"): "s3:GetObject",
    ("s3", "HeadObject"): "s3:GetObject",
    ("s3", "PutObject"): "s3:PutObject",
    ("s3", "CreateMultipartUpload"): "s3:PutObject",
    ("s3", "DeleteObject"): "s3:DeleteObject",
    ("s3", "ListObjectsV2"): "s3:ListBucket",
    ("s3", "ListObjects"): "s3:ListBucket",
    ("s3", "HeadBucket"): "s3:ListBucket",
    ("s3", "GetBucketLocation"): "s3:GetBucketLocation",
    ("s3", "GetBucketPolicy"): "s3:GetBucketPolicy",
    ("s3", "ListBuckets"): "s3:ListAllMyBuckets",
    ("dynamodb", "GetItem"): "dynamodb:GetItem",
    ("dynamodb", "PutItem"): "dynamodb:PutItem",
    ("dynamodb", "UpdateItem"): "dynamodb:UpdateItem",
    ("dynamodb", "Query"): "dynamodb:Query",
    ("dynamodb", "DescribeTable"): "dynamodb:DescribeTable",
    ("dynamodb", "ListTables"): "dynamodb:ListTables",
    ("sqs", "SendMessage"): "sqs:SendMessage",
    ("sqs", "ReceiveMessage"): "sqs:ReceiveMessage",
    ("sqs", "DeleteMessage"): "sqs:DeleteMessage",
    ("sqs", "GetQueueAttributes"): "sqs:GetQueueAttributes",
    ("kms", "Decrypt"): "kms:Decrypt",
    ("kms", "GenerateDataKey"): "kms:GenerateDataKey",
    ("lambda", "Invoke"): "lambda:InvokeFunction",
    ("lambda", "GetFunction20150331v2"): "lambda:GetFunction",
    ("lambda", "UpdateFunctionCode20150331v2"): "lambda:UpdateFunctionCode",
    ("lambda", "ListFunctions20150331"): "lambda:ListFunctions",
    ("sts", "AssumeRole"): "sts:AssumeRole",
    ("sts", "GetCallerIdentity"): None,
    ("ec2", "DescribeInstances"): "ec2:DescribeInstances",
    ("ec2", "DescribeSecurityGroups"): "ec2:DescribeSecurityGroups",
    ("ec2", "DescribeVpcs"): "ec2:DescribeVpcs",
    ("monitoring", "GetMetricData"): "cloudwatch:GetMetricData",
    ("monitoring", "DescribeAlarms"): "cloudwatch:DescribeAlarms",
    ("monitoring", "ListMetrics"): "cloudwatch:ListMetrics",
    ("logs", "DescribeLogGroups"): "logs:DescribeLogGroups",
    ("logs", "FilterLogEvents"): "logs:FilterLogEvents",
    ("logs", "CreateLogStream"): "logs:CreateLogStream",
    ("iam", "ListRoles"): "iam:ListRoles",
    ("iam", "GetRole"): "iam:GetRole",
    ("iam", "ListUsers"): "iam:ListUsers",
    ("iam", "GetAccountSummary"): "iam:GetAccountSummary",
    ("iam", "ListPolicies"): "iam:ListPolicies",
    ("cloudformation", "DescribeStacks"): "cloudformation:DescribeStacks",
    ("cloudformation", "CreateChangeSet"): "cloudformation:CreateChangeSet",
    ("cloudformation", "ExecuteChangeSet"): "cloudformation:ExecuteChangeSet",
    ("cloudformation", "DescribeStackEvents"): "cloudformation:DescribeStackEvents",
    ("ecr", "GetAuthorizationToken"): "ecr:GetAuthorizationToken",
    ("ecr", "BatchGetImage"): "ecr:BatchGetImage",
    ("ecr", "GetDownloadUrlForLayer"): "ecr:GetDownloadUrlForLayer",
    ("ecr", "PutImage"): "ecr:PutImage",
    ("ecr", "InitiateLayerUpload"): "ecr:InitiateLayerUpload",
    ("secretsmanager", "GetSecretValue"): "secretsmanager:GetSecretValue",
    ("secretsmanager", "DescribeSecret"): "secretsmanager:DescribeSecret",
    ("ssm", "GetParameter"): "ssm:GetParameter",
    ("ssm", "GetParametersByPath"): "ssm:GetParametersByPath",
    ("athena", "StartQueryExecution"): "athena:StartQueryExecution",
    ("athena", "GetQueryExecution"): "athena:GetQueryExecution",
    ("athena", "GetQueryResults"): "athena:GetQueryResults",
    ("glue", "GetTable"): "glue:GetTable",
    ("glue", "GetDatabase"): "glue:GetDatabase",
    ("glue", "GetPartitions"): "glue:GetPartitions",
    ("signin", "ConsoleLogin"): None,
}

# Data events: logged only by trails with data events on, read-only or not.
DATA_EVENTS = {"GetObject", "HeadObject", "PutObject", "CreateMultipartUpload", "DeleteObject",
               "GetItem", "PutItem", "UpdateItem", "Query", "Invoke", "SendMessage",
               "ReceiveMessage", "DeleteMessage"}

BUCKETS = ["orders-data-111122223333", "reports-111122223333", "ml-datasets-111122223333",
           "web-assets-111122223333", "logs-archive-111122223333", "ci-artifacts-111122223333"]
TABLES = ["orders", "customers", "sessions", "inventory"]
QUEUES = ["orders-events", "billing-events", "email-outbox"]
FUNCTIONS = ["resize-image", "send-email", "nightly-report", "orders-api", "billing-sync",
             "cleanup", "auth-hook", "webhook"]
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"


def arn(service, resource, region=REGION):
    return f"arn:aws:{service}:{region}:{ACCOUNT}:{resource}"


def bucket_arn(bucket):
    return f"arn:aws:s3:::{bucket}"


def table_arn(table):
    return arn("dynamodb", f"table/{table}")


def queue_arn(queue):
    return arn("sqs", queue)


def function_arn(fn):
    return arn("lambda", f"function:{fn}")


KEY_ARN = arn("kms", f"key/{KEY_ID}")


def statement(actions, resources, sid=None, effect="Allow"):
    st = {"Effect": effect, "Action": actions, "Resource": resources}
    if sid:
        st = {"Sid": sid, **st}
    return st


def document(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def trust(service=None, aws=None):
    principal = {"Service": service} if service else {"AWS": aws}
    return document({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"})


# --- usage profiles: (weight, eventSource, eventName, resource) ---
# resource: ("object", bucket, prefix) | ("bucket", b) | ("table", t) | ("queue", q) |
#           ("function", f) | ("key",) | ("role", name) | None
def s3_reader(buckets, prefix="data/"):
    calls = []
    for b in buckets:
        calls += [(30, "s3", "GetObject", ("object", b, prefix)),
                  (6, "s3", "HeadObject", ("object", b, prefix)),
                  (8, "s3", "ListObjectsV2", ("bucket", b))]
    return calls


def s3_writer(buckets, prefix="out/"):
    return [(12, "s3", "PutObject", ("object", b, prefix)) for b in buckets]


def dynamo(tables, write=True):
    calls = []
    for t in tables:
        calls += [(20, "dynamodb", "GetItem", ("table", t)), (10, "dynamodb", "Query", ("table", t))]
        if write:
            calls += [(8, "dynamodb", "PutItem", ("table", t)),
                      (4, "dynamodb", "UpdateItem", ("table", t))]
    return calls


def sqs_consumer(queues):
    calls = []
    for q in queues:
        calls += [(15, "sqs", "ReceiveMessage", ("queue", q)),
                  (10, "sqs", "DeleteMessage", ("queue", q))]
    return calls


def sqs_producer(queues):
    return [(10, "sqs", "SendMessage", ("queue", q)) for q in queues]


def kms_user():
    return [(6, "kms", "Decrypt", ("key",)), (3, "kms", "GenerateDataKey", ("key",))]


def console_reader():
    return [(3, "ec2", "DescribeInstances", None), (2, "ec2", "DescribeSecurityGroups", None),
            (1, "ec2", "DescribeVpcs", None), (2, "monitoring", "GetMetricData", None),
            (2, "monitoring", "DescribeAlarms", None), (1, "logs", "DescribeLogGroups", None),
            (2, "logs", "FilterLogEvents", None), (1, "s3", "ListBuckets", None),
            (1, "iam", "ListRoles", None), (1, "sts", "GetCallerIdentity", None),
            (1, "lambda", "ListFunctions20150331", None),
            (1, "cloudformation", "DescribeStacks", None)]


def make_principals():
    """The 50 principals: name, kind, path, policies and usage profile."""
    p = []

    def role(name, service, inline=(), managed=(), customer=(), calls=(), path="/",
             denied=(), boundary=None, last_used=True):
        p.append(dict(kind="role", name=name, path=path, trust=trust(service), inline=list(inline),
                      managed=list(managed), customer=list(customer), calls=list(calls),
                      denied=list(denied), boundary=boundary, last_used=last_used))

    def user(name, groups=(), inline=(), managed=(), customer=(), calls=(), password=True,
             keys=1, denied=()):
        p.append(dict(kind="user", name=name, path="/", groups=list(groups), inline=list(inline),
                      managed=list(managed), customer=list(customer), calls=list(calls),
                      password=password, keys=keys, denied=list(denied)))

    # Lambda functions, each with the basic execution role and what its code needs.
    lambda_basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    fn_profiles = {
        "resize-image": (s3_reader(["web-assets-111122223333"], "uploads/")
                         + s3_writer(["web-assets-111122223333"], "thumbs/"),
                         [statement(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                                    [bucket_arn("web-assets-111122223333") + "/*"]),
                          statement("s3:ListBucket", bucket_arn("web-assets-111122223333"))]),
        "send-email": (sqs_consumer(["email-outbox"]),
                       [statement(["sqs:ReceiveMessage", "sqs:DeleteMessage",
                                   "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
                                  queue_arn("email-outbox")),
                        statement(["ses:SendEmail", "ses:SendRawEmail"], "*")]),
        "nightly-report": (dynamo(["orders"], write=False)
                           + s3_writer(["reports-111122223333"], "nightly/"),
                           [statement(["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan",
                                       "dynamodb:BatchGetItem"], table_arn("orders")),
                            statement(["s3:PutObject", "s3:PutObjectAcl"],
                                      bucket_arn("reports-111122223333") + "/nightly/*")]),
        "orders-api": (dynamo(["orders", "customers"]) + sqs_producer(["orders-events"])
                       + kms_user(),
                       [statement(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                                   "dynamodb:DeleteItem", "dynamodb:Query"],
                                  [table_arn("orders"), table_arn("customers")]),
                        statement("sqs:SendMessage", queue_arn("orders-events")),
                        statement(["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"],
                                  KEY_ARN)]),
        "billing-sync": (sqs_consumer(["billing-events"]) + dynamo(["customers"]),
                         [statement(["sqs:*"], queue_arn("billing-events")),
                          statement(["dynamodb:*"], table_arn("customers"))]),
        "cleanup": ([(5, "s3", "ListObjectsV2", ("bucket", "logs-archive-111122223333")),
                     (5, "s3", "DeleteObject", ("object", "logs-archive-111122223333", "old/"))],
                    [statement(["s3:ListBucket"], bucket_arn("logs-archive-111122223333")),
                     statement(["s3:DeleteObject", "s3:GetObject"],
                               bucket_arn("logs-archive-111122223333") + "/*")]),
        "auth-hook": ([(10, "dynamodb", "GetItem", ("table", "sessions")),
                       (4, "dynamodb", "PutItem", ("table", "sessions")),
                       (2, "secretsmanager", "GetSecretValue", None)],
                      [statement(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
                                 table_arn("sessions")),
                       statement("secretsmanager:GetSecretValue",
                                 arn("secretsmanager", "secret:auth/*"))]),
        "webhook": ([],  # deployed, never invoked in the window
                    [statement("sqs:SendMessage", queue_arn("orders-events"))]),
    }
    for fn, (calls, stmts) in fn_profiles.items():
        role(f"fn-{fn}", "lambda.amazonaws.com", inline=[("code", document(*stmts))],
             managed=[lambda_basic], calls=calls, path="/service/lambda/",
             last_used=bool(calls))

    # ECS services.
    ecs_exec = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
    role("ecs-orders-worker", "ecs-tasks.amazonaws.com",
         inline=[("worker", document(
             statement(["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                       [bucket_arn("orders-data-111122223333"),
                        bucket_arn("orders-data-111122223333") + "/*"]),
             statement(["dynamodb:*"], [table_arn("orders"), table_arn("inventory")]),
             statement(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:SendMessage"],
                       [queue_arn("orders-events"), queue_arn("billing-events")]),
             statement(["kms:Decrypt", "kms:GenerateDataKey"], KEY_ARN)))],
         managed=[ecs_exec],
         calls=s3_reader(["orders-data-111122223333"], "incoming/")
         + s3_writer(["orders-data-111122223333"], "processed/")
         + dynamo(["orders", "inventory"]) + sqs_consumer(["orders-events"])
         + sqs_producer(["billing-events"]) + kms_user())
    role("ecs-web", "ecs-tasks.amazonaws.com",
         customer=["web-app"], managed=[ecs_exec],
         calls=s3_reader(["web-assets-111122223333"], "static/")
         + [(4, "ssm", "GetParameter", None), (2, "secretsmanager", "GetSecretValue", None)])
    role("ecs-legacy", "ecs-tasks.amazonaws.com", managed=[ecs_exec],
         customer=["legacy-broad"], calls=[], last_used=False)

    # People and automation in the account.
    role("ci-deploy", None, customer=["deploy"], path="/ci/",
         calls=[(8, "cloudformation", "DescribeStacks", None),
                (2, "cloudformation", "CreateChangeSet", ("stack", "app-web", "create")),
                (2, "cloudformation", "CreateChangeSet", ("stack", "app-orders", "create")),
                (2, "cloudformation", "ExecuteChangeSet", ("stack", "app-web", "execute")),
                (2, "cloudformation", "ExecuteChangeSet", ("stack", "app-orders", "execute")),
                (3, "cloudformation", "DescribeStackEvents", ("stack", "app-web", "events")),
                (3, "cloudformation", "DescribeStackEvents", ("stack", "app-orders", "events")),
                (6, "s3", "PutObject", ("object", "ci-artifacts-111122223333", "builds/")),
                (3, "s3", "GetObject", ("object", "ci-artifacts-111122223333", "builds/")),
                (4, "ecr", "GetAuthorizationToken", None), (6, "ecr", "InitiateLayerUpload", None),
                (6, "ecr", "PutImage", None),
                (3, "lambda", "UpdateFunctionCode20150331v2", ("function", "orders-api")),
                (2, "lambda", "GetFunction20150331v2", ("function", "orders-api"))],
         denied=[("iam", "CreateUser", "iam:CreateUser")])
    role("admin", None, managed=["arn:aws:iam::aws:policy/AdministratorAccess"],
         calls=[(3, "iam", "ListRoles", None), (2, "iam", "GetRole", None),
                (2, "iam", "ListUsers", None), (2, "iam", "GetAccountSummary", None),
                (2, "ec2", "DescribeInstances", None), (1, "s3", "ListBuckets", None)])
    role("break-glass", None, managed=["arn:aws:iam::aws:policy/AdministratorAccess"],
         calls=[], last_used=False)
    role("security-audit", None, managed=["arn:aws:iam::aws:policy/SecurityAudit"],
         calls=[(3, "iam", "ListPolicies", None), (3, "iam", "ListRoles", None),
                (2, "ec2", "DescribeSecurityGroups", None), (2, "s3", "GetBucketPolicy",
                                                            ("bucket", "web-assets-111122223333")),
                (1, "s3", "ListBuckets", None)])
    role("readonly", None, managed=["arn:aws:iam::aws:policy/ReadOnlyAccess"],
         calls=console_reader())
    role("data-analyst", None, customer=["analytics"],
         managed=["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
         calls=[(6, "athena", "StartQueryExecution", None),
                (12, "athena", "GetQueryExecution", None), (6, "athena", "GetQueryResults", None),
                (4, "glue", "GetTable", None), (2, "glue", "GetDatabase", None),
                (3, "glue", "GetPartitions", None)]
         + s3_reader(["ml-datasets-111122223333", "reports-111122223333"], "curated/"))
    role("monitoring", None, managed=["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"],
         calls=[(10, "monitoring", "GetMetricData", None), (4, "monitoring", "DescribeAlarms", None),
                (2, "monitoring", "ListMetrics", None), (3, "logs", "FilterLogEvents", None)])
    role("backup-operator", None, customer=["backup"], calls=[], last_used=False)
    role("ec2-batch", "ec2.amazonaws.com",
         inline=[("batch", document(
             statement(["s3:GetObject", "s3:ListBucket"],
                       [bucket_arn("ml-datasets-111122223333"),
                        bucket_arn("ml-datasets-111122223333") + "/*"]),
             statement("s3:PutObject", bucket_arn("reports-111122223333") + "/batch/*")))],
         calls=s3_reader(["ml-datasets-111122223333"], "train/")
         + s3_writer(["reports-111122223333"], "batch/"))
    role("ec2-bastion", "ec2.amazonaws.com",
         managed=["arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"],
         calls=[(2, "ec2", "DescribeInstances", None)])
    role("reporting", None, customer=["reports-read"],
         managed=["arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess"],
         calls=[(6, "dynamodb", "Query", ("table", "orders")),
                (2, "dynamodb", "DescribeTable", ("table", "orders")),
                (1, "dynamodb", "ListTables", None)]
         + s3_reader(["reports-111122223333"], "nightly/"),
         boundary="boundary-readonly")
    role("queue-admin", None, managed=["arn:aws:iam::aws:policy/AmazonSQSFullAccess"],
         calls=[(3, "sqs", "GetQueueAttributes", ("queue", "orders-events"))])
    role("stream-replayer", None, customer=["legacy-broad"],
         calls=sqs_consumer(["billing-events"]) + [(4, "dynamodb", "Query", ("table", "inventory"))]
         + s3_reader(["logs-archive-111122223333"], "replay/"))
    role("kms-rotation", None, inline=[("rotate", document(
        statement(["kms:EnableKeyRotation", "kms:GetKeyRotationStatus", "kms:DescribeKey"],
                  KEY_ARN)))], calls=[], last_used=False)
    role("cross-account-audit", None, managed=["arn:aws:iam::aws:policy/SecurityAudit"],
         calls=[], last_used=False)
    # Service-linked roles: AWS manages them; never judged unused.
    p.append(dict(kind="role", name="AWSServiceRoleForECS", path="/aws-service-role/ecs.amazonaws.com/",
                  trust=trust("ecs.amazonaws.com"), inline=[],
                  managed=["arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy"],
                  customer=[], calls=[], denied=[], boundary=None, last_used=True))
    p.append(dict(kind="role", name="AWSServiceRoleForAutoScaling",
                  path="/aws-service-role/autoscaling.amazonaws.com/",
                  trust=trust("autoscaling.amazonaws.com"), inline=[],
                  managed=["arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy"],
                  customer=[], calls=[], denied=[], boundary=None, last_used=True))

    # Users: developers, operators, automation.
    dev_calls = console_reader() + s3_reader(["ci-artifacts-111122223333"], "builds/")
    for i, name in enumerate(["alice", "bob", "carol", "dave", "erin", "frank", "grace",
                              "heidi", "ivan", "judy"]):
        calls = dev_calls if i < 8 else []  # two developers left and never came back
        extra = [(2, "lambda", "Invoke", ("function", FUNCTIONS[i % len(FUNCTIONS)]))] if i < 4 else []
        user(name, groups=["developers"], calls=calls + extra, keys=1 if i % 3 else 0,
             denied=[("iam", "CreateAccessKey", "iam:CreateAccessKey")] if i == 2 else [])
    user("kate", groups=["developers"], calls=dev_calls, keys=1)
    user("mallory", groups=["operators"], calls=[(1, "ssm", "GetParameter", None)],
         denied=[("iam", "AttachUserPolicy", "iam:AttachUserPolicy"),
                 ("s3", "PutBucketPolicy", "s3:PutBucketPolicy")])
    for name in ["oscar", "peggy", "sybil"]:
        user(name, groups=["operators"], calls=console_reader() + [
            (2, "ssm", "GetParametersByPath", None), (1, "cloudformation", "DescribeStacks", None)])
    user("trent", groups=["admins"], calls=[(1, "iam", "ListUsers", None),
                                             (1, "iam", "GetAccountSummary", None)])
    user("victor", groups=["admins"], calls=[])
    user("ci-bot", customer=["deploy"], password=False, keys=2,
         calls=[(6, "s3", "PutObject", ("object", "ci-artifacts-111122223333", "builds/")),
                (2, "ecr", "GetAuthorizationToken", None), (2, "ecr", "BatchGetImage", None),
                (2, "ecr", "GetDownloadUrlForLayer", None),
                (2, "sts", "AssumeRole", ("role", "ci-deploy"))])
    user("backup-bot", customer=["backup"], password=False, keys=1, calls=[])
    user("metrics-exporter", managed=["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"],
         password=False, keys=1, calls=[(10, "monitoring", "GetMetricData", None),
                                        (2, "monitoring", "ListMetrics", None)])
    user("auditor", groups=["readonly"], calls=[(1, "iam", "ListRoles", None),
                                                (1, "ec2", "DescribeVpcs", None)])
    user("intern", groups=["readonly"], calls=[], keys=0)
    assert sum(1 for x in p if x["kind"] == "role") == 28, sum(1 for x in p if x["kind"] == "role")
    assert len(p) == 50, len(p)
    return p


CUSTOMER_POLICIES = {
    "web-app": document(
        statement(["s3:GetObject", "s3:ListBucket"],
                  [bucket_arn("web-assets-111122223333"), bucket_arn("web-assets-111122223333") + "/*"]),
        statement(["ssm:GetParameter", "ssm:GetParameters"], arn("ssm", "parameter/web/*")),
        statement("secretsmanager:GetSecretValue", arn("secretsmanager", "secret:web/*"))),
    "legacy-broad": document(statement(["s3:*", "dynamodb:*", "sqs:*"], "*")),
    "deploy": document(
        statement(["cloudformation:*"], arn("cloudformation", "stack/app-*/*")),
        statement(["cloudformation:DescribeStacks"], "*"),
        statement(["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                  [bucket_arn("ci-artifacts-111122223333"),
                   bucket_arn("ci-artifacts-111122223333") + "/*"]),
        statement(["ecr:*"], "*"),
        statement(["lambda:UpdateFunctionCode", "lambda:GetFunction",
                   "lambda:UpdateFunctionConfiguration"], arn("lambda", "function:*")),
        statement("sts:AssumeRole", f"arn:aws:iam::{ACCOUNT}:role/ci/ci-deploy")),
    "analytics": document(
        statement(["athena:*"], arn("athena", "workgroup/analytics")),
        statement(["athena:GetQueryExecution", "athena:GetQueryResults", "athena:StartQueryExecution"], "*"),
        statement(["glue:GetTable", "glue:GetTables", "glue:GetDatabase", "glue:GetDatabases",
                   "glue:GetPartitions"], "*"),
        statement(["s3:PutObject"], bucket_arn("reports-111122223333") + "/athena-results/*")),
    "backup": document(statement(["backup:*", "s3:GetObject", "s3:ListBucket",
                                  "dynamodb:CreateBackup", "dynamodb:DescribeTable"], "*")),
    "reports-read": document(statement(["s3:GetObject", "s3:ListBucket"],
                                       [bucket_arn("reports-111122223333"),
                                        bucket_arn("reports-111122223333") + "/*"])),
    "boundary-readonly": document(
        statement(["s3:Get*", "s3:List*", "dynamodb:Get*", "dynamodb:Query", "dynamodb:Describe*",
                   "dynamodb:List*", "dynamodb:Scan"], "*")),
}
OLD_VERSIONS = {  # non-default versions: more than the default grants; must not count
    "deploy": document(statement("*", "*")),
}
GROUPS = {
    "developers": dict(managed=["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                       inline=[("invoke", document(statement("lambda:InvokeFunction",
                                                             arn("lambda", "function:*"))))]),
    "operators": dict(managed=["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                      inline=[("params", document(statement(["ssm:GetParametersByPath",
                                                             "ssm:GetParameter"],
                                                            arn("ssm", "parameter/*"))))]),
    "admins": dict(managed=["arn:aws:iam::aws:policy/AdministratorAccess"], inline=[]),
    "readonly": dict(managed=["arn:aws:iam::aws:policy/ReadOnlyAccess"], inline=[]),
}


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def role_arn(pr):
    return f"arn:aws:iam::{ACCOUNT}:role{pr['path']}{pr['name']}"


def user_arn(pr):
    return f"arn:aws:iam::{ACCOUNT}:user/{pr['name']}"


def principal_arn(pr):
    return role_arn(pr) if pr["kind"] == "role" else user_arn(pr)


def managed_entry(a):
    return {"PolicyName": a.rsplit("/", 1)[1], "PolicyArn": a}


def snapshot(principals):
    users, roles = [], []
    created = "2025-03-01T09:00:00Z"
    for n, pr in enumerate(principals):
        attached = [managed_entry(a) for a in pr["managed"]] + [
            managed_entry(f"arn:aws:iam::{ACCOUNT}:policy/{c}") for c in pr["customer"]]
        inline = [{"PolicyName": name, "PolicyDocument": doc} for name, doc in pr["inline"]]
        if pr["kind"] == "role":
            entry = {"Path": pr["path"], "RoleName": pr["name"], "RoleId": f"AROA{n:017d}",
                     "Arn": role_arn(pr), "CreateDate": created,
                     "AssumeRolePolicyDocument": pr["trust"] if pr["trust"]["Statement"][0]
                     ["Principal"].get("Service") else trust(aws=f"arn:aws:iam::{ACCOUNT}:root"),
                     "InstanceProfileList": [], "RolePolicyList": inline,
                     "AttachedManagedPolicies": attached, "Tags": [], "RoleLastUsed": {}}
            if pr.get("boundary"):
                entry["PermissionsBoundary"] = {
                    "PermissionsBoundaryType": "Policy",
                    "PermissionsBoundaryArn": f"arn:aws:iam::{ACCOUNT}:policy/{pr['boundary']}"}
            if pr["last_used"] and pr["calls"]:
                entry["RoleLastUsed"] = {"LastUsedDate": iso(END - dt.timedelta(hours=3)),
                                         "Region": REGION}
            elif pr["last_used"]:  # service-linked: used by the service
                entry["RoleLastUsed"] = {"LastUsedDate": iso(END - dt.timedelta(days=2)),
                                         "Region": REGION}
            roles.append(entry)
        else:
            users.append({"Path": "/", "UserName": pr["name"], "UserId": f"AIDA{n:017d}",
                          "Arn": user_arn(pr), "CreateDate": created, "UserPolicyList": inline,
                          "GroupList": pr["groups"], "AttachedManagedPolicies": attached,
                          "Tags": []})
    groups = []
    for n, (name, g) in enumerate(GROUPS.items()):
        groups.append({"Path": "/", "GroupName": name, "GroupId": f"AGPA{n:017d}",
                       "Arn": f"arn:aws:iam::{ACCOUNT}:group/{name}", "CreateDate": created,
                       "GroupPolicyList": [{"PolicyName": pn, "PolicyDocument": d}
                                           for pn, d in g["inline"]],
                       "AttachedManagedPolicies": [managed_entry(a) for a in g["managed"]]})
    policies = []
    for n, (name, doc) in enumerate(CUSTOMER_POLICIES.items()):
        versions = [{"Document": doc, "VersionId": "v2", "IsDefaultVersion": True,
                     "CreateDate": created}]
        if name in OLD_VERSIONS:
            versions.append({"Document": OLD_VERSIONS[name], "VersionId": "v1",
                             "IsDefaultVersion": False, "CreateDate": "2025-01-01T00:00:00Z"})
        policies.append({"PolicyName": name, "PolicyId": f"ANPA{n:017d}",
                         "Arn": f"arn:aws:iam::{ACCOUNT}:policy/{name}", "Path": "/",
                         "DefaultVersionId": "v2", "AttachmentCount": 1,
                         "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
                         "CreateDate": created, "UpdateDate": created,
                         "PolicyVersionList": versions})
    return {"UserDetailList": users, "GroupDetailList": groups, "RoleDetailList": roles,
            "Policies": policies, "IsTruncated": False}


def stack_arn(stack):
    """A stack's ARN: its name and the id CloudFormation gave it (fixed per name here)."""
    return (f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/{stack}/"
            f"{uuid.UUID(int=zlib.crc32(stack.encode()))}")


def resource_of(rng, res):
    """(resource ARN for expected.json, CloudTrail resources[], requestParameters,
    responseElements)."""
    if res is None:
        return None, None, None, None
    if res[0] == "stack":
        # CloudFormation fills no resources[]: the stack is named by the parameters. A deploy
        # script creates a change set by stack name, then executes it and follows its events
        # by the ids the response gave (as `aws cloudformation deploy` does for the change set).
        _, stack, step = res
        change_set = (f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:changeSet/"
                      f"deploy-{rng.randrange(10**6)}/{uuid.UUID(int=rng.getrandbits(128))}")
        if step == "create":
            return (stack_arn(stack), None,
                    {"stackName": stack, "changeSetName": change_set.split("/")[1],
                     "changeSetType": "UPDATE", "capabilities": ["CAPABILITY_IAM"],
                     "templateURL": f"https://ci-artifacts-{ACCOUNT}.s3.amazonaws.com/t.yaml"},
                    {"id": change_set, "stackId": stack_arn(stack)})
        if step == "execute":
            return (stack_arn(stack), None,
                    {"changeSetName": change_set, "stackName": stack_arn(stack)}, None)
        return stack_arn(stack), None, {"stackName": stack_arn(stack)}, None
    return (*resource_of_data(rng, res), None)


def resource_of_data(rng, res):
    """(resource ARN, resources[], requestParameters) of a call that fills resources[]."""
    kind = res[0]
    if kind == "object":
        _, b, prefix = res
        key = f"{prefix}{rng.randrange(10**6):06d}.json"
        return (f"{bucket_arn(b)}/{key}",
                [{"type": "AWS::S3::Object", "ARN": f"{bucket_arn(b)}/{key}"},
                 {"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": bucket_arn(b)}],
                {"bucketName": b, "Host": f"{b}.s3.{REGION}.amazonaws.com", "key": key})
    if kind == "bucket":
        b = res[1]
        return (bucket_arn(b), [{"accountId": ACCOUNT, "type": "AWS::S3::Bucket",
                                 "ARN": bucket_arn(b)}],
                {"bucketName": b, "Host": f"{b}.s3.{REGION}.amazonaws.com", "list-type": "2",
                 "prefix": "", "max-keys": "1000"})
    if kind == "table":
        t = res[1]
        return (table_arn(t), [{"accountId": ACCOUNT, "type": "AWS::DynamoDB::Table",
                                "ARN": table_arn(t)}],
                {"tableName": t, "key": {"id": {"S": uuid.UUID(int=rng.getrandbits(128)).hex}},
                 "consistentRead": False})
    if kind == "queue":
        q = res[1]
        return (queue_arn(q), [{"accountId": ACCOUNT, "type": "AWS::SQS::Queue",
                                "ARN": queue_arn(q)}],
                {"queueUrl": f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{q}"})
    if kind == "function":
        f = res[1]
        return (function_arn(f), [{"accountId": ACCOUNT, "type": "AWS::Lambda::Function",
                                   "ARN": function_arn(f)}],
                {"functionName": function_arn(f), "invocationType": "RequestResponse"})
    if kind == "key":
        return (KEY_ARN, [{"accountId": ACCOUNT, "type": "AWS::KMS::Key", "ARN": KEY_ARN}],
                {"encryptionAlgorithm": "SYMMETRIC_DEFAULT",
                 "encryptionContext": {"aws:s3:arn": bucket_arn("orders-data-111122223333")}})
    if kind == "role":
        target = f"arn:aws:iam::{ACCOUNT}:role/ci/{res[1]}"
        return (target, [{"accountId": ACCOUNT, "type": "AWS::IAM::Role", "ARN": target}],
                {"roleArn": target, "roleSessionName": "ci-bot"})
    raise ValueError(kind)


def identity(pr, rng):
    if pr["kind"] == "user":
        return {"type": "IAMUser", "principalId": f"AIDA{zlib.crc32(pr['name'].encode()):017d}",
                "arn": user_arn(pr), "accountId": ACCOUNT,
                "accessKeyId": f"AKIA{rng.randrange(10**16):016d}", "userName": pr["name"]}
    session = f"{pr['name']}-{rng.randrange(10**6)}"
    return {"type": "AssumedRole",
            "principalId": f"AROA{zlib.crc32(pr['name'].encode()):017d}:{session}",
            "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{pr['name']}/{session}",
            "accountId": ACCOUNT, "accessKeyId": f"ASIA{rng.randrange(10**16):016d}",
            "sessionContext": {
                "sessionIssuer": {"type": "Role", "principalId": f"AROA{zlib.crc32(pr['name'].encode()):017d}",
                                  "arn": role_arn(pr), "accountId": ACCOUNT,
                                  "userName": pr["name"]},
                "webIdFederationData": {},
                "attributes": {"creationDate": "2026-08-01T00:00:00Z", "mfaAuthenticated": "false"}}}


def record(rng, when, ident, source, name, res, error=None):
    resource_arn, resources, params, response = resource_of(rng, res)
    rec = {
        "eventVersion": "1.09",
        "userIdentity": ident,
        "eventTime": iso(when),
        "eventSource": f"{source}.amazonaws.com",
        "eventName": name,
        "awsRegion": REGION,
        "sourceIPAddress": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}",
        "userAgent": rng.choice(["aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux",
                                 "Boto3/1.35.2 md/Botocore#1.35.2 ua/2.0 os/linux#6.1",
                                 "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.1 md/arch#x86_64",
                                 "console.amazonaws.com"]),
        "requestParameters": params,
        "responseElements": response,
        "requestID": uuid.UUID(int=rng.getrandbits(128)).hex.upper()[:16],
        "eventID": str(uuid.UUID(int=rng.getrandbits(128))),
        "readOnly": name.startswith(("Get", "List", "Describe", "Head", "Query", "Filter")),
        "eventType": "AwsApiCall",
        "managementEvent": name not in DATA_EVENTS,
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Data" if name in DATA_EVENTS else "Management",
        "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                       "clientProvidedHostHeader": f"{source}.{REGION}.amazonaws.com"},
    }
    if resources:
        rec["resources"] = resources
    if error:
        rec["errorCode"] = error
        rec["errorMessage"] = (f"User: {ident['arn']} is not authorized to perform: "
                               f"{CALLS.get((source, name), source + ':' + name)}")
    return rec, resource_arn


def service_record(rng, when):
    """A call made by an AWS service on the account's behalf: not an IAM principal's use."""
    rec, _ = record(rng, when, {"type": "AWSService", "invokedBy": "cloudtrail.amazonaws.com"},
                    "kms", "GenerateDataKey", ("key",))
    return rec


def write_credential_report(path, principals):
    until = END
    rows = []
    header = ["user", "arn", "user_creation_time", "password_enabled", "password_last_used",
              "password_last_changed", "password_next_rotation", "mfa_active",
              "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
              "access_key_1_last_used_region", "access_key_1_last_used_service",
              "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
              "access_key_2_last_used_region", "access_key_2_last_used_service",
              "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated"]
    rows.append(["<root_account>", f"arn:aws:iam::{ACCOUNT}:root", "2024-01-01T00:00:00+00:00",
                 "not_supported", "2026-06-01T10:00:00+00:00", "not_supported", "not_supported",
                 "true", "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "N/A", "N/A", "N/A",
                 "false", "N/A", "false", "N/A"])
    expected = {"unused_passwords": [], "unused_keys": []}
    for pr in principals:
        if pr["kind"] != "user":
            continue
        active = bool(pr["calls"])
        pw_used = iso(until - dt.timedelta(days=4)) if active else "no_information"
        if pr["password"] and not active:
            expected["unused_passwords"].append(user_arn(pr))
        keys = []
        for k in range(2):
            if k < pr["keys"]:
                used_recent = active and k == 0
                last = iso(until - dt.timedelta(days=1)) if used_recent else (
                    iso(until - dt.timedelta(days=200)) if k == 1 else "N/A")
                if not used_recent:
                    expected["unused_keys"].append(f"{user_arn(pr)}#{k + 1}")
                keys.append(["true", "2025-03-01T09:00:00+00:00", last,
                             REGION if last != "N/A" else "N/A", "s3" if last != "N/A" else "N/A"])
            else:
                keys.append(["false", "N/A", "N/A", "N/A", "N/A"])
        rows.append([pr["name"], user_arn(pr), "2025-03-01T09:00:00+00:00",
                     "true" if pr["password"] else "false",
                     pw_used if pr["password"] else "N/A",
                     "2025-03-01T09:00:00+00:00" if pr["password"] else "N/A", "N/A",
                     "true" if pr["password"] else "false", *keys[0], *keys[1],
                     "false", "N/A", "false", "N/A"])
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return expected


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=9)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    principals = make_principals()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "account-details.json"), "w") as f:
        json.dump(snapshot(principals), f, indent=2)

    # Every record: who, when, which call. Active principals share the records by their
    # total weight; 2 % are refused attempts, 1 % come from AWS services.
    actors = [pr for pr in principals if pr["calls"]]
    weights = [sum(c[0] for c in pr["calls"]) ** 0.5 for pr in actors]
    expected = {}
    counts = {"denied": 0, "aws_service": 0, "no_permission": 0}
    by_day = [[] for _ in range(DAYS)]
    for _ in range(args.records):
        when = START + dt.timedelta(seconds=rng.randrange(DAYS * 86400))
        day = (when - START).days
        roll = rng.random()
        if roll < 0.01:
            by_day[day].append(service_record(rng, when))
            counts["aws_service"] += 1
            continue
        pr = rng.choices(actors, weights)[0]
        if roll < 0.03 and pr["denied"]:
            source, name, _ = rng.choice(pr["denied"])
            rec, _ = record(rng, when, identity(pr, rng), source, name, None,
                            error="AccessDenied")
            by_day[day].append(rec)
            counts["denied"] += 1
            continue
        _, source, name, res = rng.choices(pr["calls"], [c[0] for c in pr["calls"]])[0]
        rec, resource_arn = record(rng, when, identity(pr, rng), source, name, res)
        by_day[day].append(rec)
        action = CALLS[(source, name)]
        if action is None:
            counts["no_permission"] += 1
            continue
        used = expected.setdefault(principal_arn(pr), {})
        resources = used.setdefault(action, set())
        if resource_arn:
            resources.add(resource_arn)

    # Delivery: one file per day (the last 5 days as one JSON-lines export instead), every
    # third file left uncompressed.
    trail = os.path.join(args.out, "cloudtrail")
    lines_path = os.path.join(args.out, "cloudtrail-lake-export.jsonl")
    with open(lines_path, "w") as lines:
        for day, recs in enumerate(by_day):
            recs.sort(key=lambda r: r["eventTime"])
            date = START + dt.timedelta(days=day)
            if day >= DAYS - 5:
                for r in recs:
                    lines.write(json.dumps(r, separators=(",", ":")) + "\n")
                continue
            folder = os.path.join(trail, "AWSLogs", ACCOUNT, "CloudTrail", REGION,
                                  date.strftime("%Y/%m/%d"))
            os.makedirs(folder, exist_ok=True)
            name = f"{ACCOUNT}_CloudTrail_{REGION}_{date.strftime('%Y%m%dT2355Z')}_{day:04x}.json"
            body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
            if day % 3 == 0:
                with open(os.path.join(folder, name), "wb") as f:
                    f.write(body)
            else:
                with gzip.open(os.path.join(folder, name + ".gz"), "wb", compresslevel=6) as f:
                    f.write(body)

    creds = write_credential_report(os.path.join(args.out, "credential-report.csv"), principals)

    # A last-accessed report for the unused break-glass role (AdministratorAccess: every
    # service listed, none used) and for the monitoring role (CloudWatch used).
    def last_accessed(used):
        services = []
        for ns, name in [("cloudwatch", "Amazon CloudWatch"), ("logs", "Amazon CloudWatch Logs"),
                         ("s3", "Amazon S3"), ("iam", "AWS Identity and Access Management")]:
            entry = {"ServiceName": name, "ServiceNamespace": ns, "TotalAuthenticatedEntities": 0}
            if ns in used:
                entry.update(LastAuthenticated=iso(END - dt.timedelta(days=1)),
                             LastAuthenticatedEntity=used[ns], TotalAuthenticatedEntities=1)
            services.append(entry)
        return {"JobStatus": "COMPLETED", "JobType": "SERVICE_LEVEL",
                "JobCreationDate": iso(END), "ServicesLastAccessed": services,
                "JobCompletionDate": iso(END), "IsTruncated": False}

    by_name = {pr["name"]: pr for pr in principals}
    with open(os.path.join(args.out, "last-accessed-break-glass.json"), "w") as f:
        json.dump(last_accessed({}), f, indent=2)
    monitoring = role_arn(by_name["monitoring"])
    with open(os.path.join(args.out, "last-accessed-monitoring.json"), "w") as f:
        json.dump(last_accessed({"cloudwatch": monitoring, "logs": monitoring}), f, indent=2)

    def explicit_actions(doc):
        for st in doc["Statement"]:
            actions = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
            yield from (a for a in actions if "*" not in a and st["Effect"] == "Allow")

    explicit = {}
    for pr in principals:
        docs = [d for _, d in pr["inline"]] + [CUSTOMER_POLICIES[c] for c in pr["customer"]]
        for g in pr.get("groups", []):
            docs += [d for _, d in GROUPS[g]["inline"]]
        explicit[principal_arn(pr)] = sorted({a for d in docs for a in explicit_actions(d)})

    never = sorted(principal_arn(pr) for pr in principals
                   if not pr["calls"] and not pr["path"].startswith("/aws-service-role/"))
    with open(os.path.join(args.out, "expected.json"), "w") as f:
        json.dump({"window": {"since": iso(START), "until": iso(END)},
                   "records": args.records, **counts,
                   "principals": {p: {a: sorted(r) for a, r in sorted(acts.items())}
                                  for p, acts in sorted(expected.items())},
                   "never_active": never,
                   "explicit_grants": explicit,
                   "service_linked": sorted(principal_arn(pr) for pr in principals
                                            if pr["path"].startswith("/aws-service-role/")),
                   **creds}, f, indent=1)


if __name__ == "__main__":
    main()
