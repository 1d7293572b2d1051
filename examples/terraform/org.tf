# Service control policy for the organization: member accounts cannot leave it. The JSON is a
# plain string, as in code that predates jsonencode.

resource "aws_organizations_policy" "deny_leave" {
  name        = "deny-leave-organization"
  description = "Member accounts cannot leave the organization."
  type        = "SERVICE_CONTROL_POLICY"
  content     = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyLeaveOrganization\",\"Effect\":\"Deny\",\"Action\":\"organizations:LeaveOrganization\",\"Resource\":\"*\"}]}"
}

resource "aws_organizations_policy_attachment" "root" {
  policy_id = aws_organizations_policy.deny_leave.id
  target_id = var.organization_root_id
}
