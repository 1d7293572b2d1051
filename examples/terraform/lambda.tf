# Execution role of the ingest function, which S3 invokes when raw objects arrive.

resource "aws_iam_role" "lambda" {
  name = "${local.lambda_function_name}-exec"

  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "LambdaAssume",
          "Effect": "Allow",
          "Principal": { "Service": "lambda.amazonaws.com" },
          "Action": "sts:AssumeRole",
          "Condition": {
            "StringEquals": { "aws:SourceAccount": "${var.account_id}" }
          }
        }
      ]
    }
  EOF
}

resource "aws_iam_role_policy_attachment" "lambda_logs" {
  role       = aws_iam_role.lambda.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_policy" "lambda_data" {
  name        = "${local.lambda_function_name}-data"
  description = "Read raw objects, write curated ones, queue work."
  policy      = file("${path.module}/policies/lambda-data.json")
}

resource "aws_iam_role_policy_attachment" "lambda_data" {
  role       = aws_iam_role.lambda.name
  policy_arn = aws_iam_policy.lambda_data.arn
}

resource "aws_iam_role_policy" "lambda_kms" {
  name = "data-key"
  role = aws_iam_role.lambda.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "UseDataKey"
        Effect   = "Allow"
        Action   = local.kms_actions
        Resource = aws_kms_key.data.arn
      },
    ]
  })
}

resource "aws_lambda_function" "ingest" {
  function_name = local.lambda_function_name
  role          = aws_iam_role.lambda.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "${path.module}/build/ingest.zip"
  timeout       = 60
  kms_key_arn   = aws_kms_key.data.arn
}

resource "aws_lambda_permission" "s3_invoke" {
  statement_id   = "AllowS3Invoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.ingest.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.data.arn
  source_account = var.account_id
}

resource "aws_s3_bucket_notification" "ingest" {
  bucket = aws_s3_bucket.data.id

  lambda_function {
    lambda_function_arn = aws_lambda_function.ingest.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "raw/"
  }

  depends_on = [aws_lambda_permission.s3_invoke]
}
