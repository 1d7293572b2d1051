# Operations access: a break-glass administrator role for incidents, and a group for day-to-day
# operators.

resource "aws_iam_role" "break_glass" {
  name                 = "${local.name}-break-glass"
  description          = "Emergency administrator access, assumable with MFA from the security account."
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "SecurityAccountWithMfa"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${var.security_account_id}:root" }
        Action    = "sts:AssumeRole"
        Condition = {
          Bool = { "aws:MultiFactorAuthPresent" = "true" }
        }
      },
    ]
  })

  # Full administrator access, by design; iamlint reports it (suppress it where accepted).
  inline_policy {
    name = "administrator"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "Everything"
          Effect   = "Allow"
          Action   = "*"
          Resource = "*"
        },
      ]
    })
  }

  tags = merge(local.common_tags, { Purpose = "break-glass" })
}

resource "aws_iam_group" "ops" {
  name = "${local.name}-ops"
}

resource "aws_iam_policy" "ops" {
  name        = "${local.name}-ops"
  description = "Read logs and redeploy services in the approved regions."
  policy = templatefile("${path.module}/policies/ops.json.tftpl", {
    account_id = var.account_id
    regions    = ["eu-west-1"]
  })
}

resource "aws_iam_group_policy_attachment" "ops" {
  group      = aws_iam_group.ops.name
  policy_arn = aws_iam_policy.ops.arn
}

# Operators manage their own MFA device: $${aws:username} is the IAM policy variable, escaped so
# that Terraform leaves it to IAM.
resource "aws_iam_group_policy" "ops_self_service" {
  name  = "own-mfa"
  group = aws_iam_group.ops.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "OwnMfaDevice"
        Effect = "Allow"
        Action = [
          "iam:CreateVirtualMFADevice",
          "iam:EnableMFADevice",
          "iam:ResyncMFADevice",
          "iam:ListMFADevices",
        ]
        Resource = [
          "arn:aws:iam::${var.account_id}:mfa/$${aws:username}",
          "arn:aws:iam::${var.account_id}:user/$${aws:username}",
        ]
      },
    ]
  })
}
