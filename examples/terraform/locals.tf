locals {
  name                 = "${var.environment}-orders"
  lambda_function_name = "${local.name}-ingest"

  common_tags = {
    Service     = "orders"
    Environment = var.environment
    Repository  = var.github_repo
    ManagedBy   = "terraform"
  }

  # What a workload needs to use the data key (envelope encryption), nothing more.
  kms_actions = [
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:DescribeKey",
  ]
}
