# The data bucket: raw uploads, curated output read by other teams, encrypted with a
# customer-managed key, reachable only over TLS.

resource "aws_s3_bucket" "data" {
  bucket = var.bucket_name
}

resource "aws_kms_key" "data" {
  description             = "Encrypts objects in ${var.bucket_name} and the ingest function's environment."
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Statements other documents build on (source_policy_documents merges them first).
data "aws_iam_policy_document" "bucket_writers" {
  statement {
    sid       = "IngestWritesCurated"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::${var.bucket_name}/curated/*"]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.lambda.arn]
    }
  }
}

data "aws_iam_policy_document" "bucket" {
  source_policy_documents = [data.aws_iam_policy_document.bucket_writers.json]

  # One statement per reader: its role may read its prefix only.
  dynamic "statement" {
    for_each = var.readers

    content {
      effect    = "Allow"
      actions   = ["s3:GetObject", "s3:GetObjectVersion"]
      resources = ["arn:aws:s3:::${var.bucket_name}/${statement.value.prefix}/*"]

      principals {
        type        = "AWS"
        identifiers = [statement.value.role_arn]
      }
    }
  }

  statement {
    sid       = "ReadersList"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.data.arn]

    principals {
      type        = "AWS"
      identifiers = [for reader in values(var.readers) : reader.role_arn]
    }

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [for reader in values(var.readers) : "${reader.prefix}/*"]
    }
  }

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.data.arn,
      "${aws_s3_bucket.data.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.bucket.json

  depends_on = [aws_s3_bucket_public_access_block.data]
}
