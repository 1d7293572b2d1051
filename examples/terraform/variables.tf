variable "region" {
  description = "Region the service runs in."
  type        = string
  default     = "eu-west-1"
}

variable "environment" {
  description = "Deployment stage, used in names and tags."
  type        = string
  default     = "prod"
}

variable "account_id" {
  description = "ID of the AWS account the module deploys to."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account ID."
  }
}

variable "security_account_id" {
  description = "Account whose administrators may assume the break-glass role."
  type        = string
  default     = "210987654321"
}

variable "organization_root_id" {
  description = "Root of the AWS Organization the service control policy is attached to."
  type        = string
  default     = "r-a1b2"
}

variable "github_repo" {
  description = "GitHub repository (owner/name) whose workflows may assume the deploy role."
  type        = string
}

variable "github_thumbprints" {
  description = "Thumbprints of token.actions.githubusercontent.com (ignored by AWS since 2023, still required by the API)."
  type        = list(string)
  default = [
    "6938fd4d98bab03faadb97b34396831e3780aea1",
    "1c58a3a8518e8759bf075b76b750d4f2df264fcd",
  ]
}

variable "bucket_name" {
  description = "Name of the data bucket."
  type        = string
}

variable "readers" {
  description = "Roles in other accounts that may read one prefix of the data bucket, by team."
  type = map(object({
    role_arn = string
    prefix   = string
  }))
  default = {
    analytics = {
      role_arn = "arn:aws:iam::111122223333:role/analytics-reader"
      prefix   = "curated"
    }
    audit = {
      role_arn = "arn:aws:iam::444455556666:role/audit-reader"
      prefix   = "logs"
    }
  }
}
