#pragma once
// Where Terraform resources carry IAM policies: resource type, attribute, policy kind.
// Sources: the AWS provider schema v4.36.1 plus the current provider docs, and
// awslabs/terraform-iam-policy-validator's iamPolicyAttributes.

#include <array>
#include <string_view>

#include "analyzer/core/finding.h"

namespace iamlint::extract {

struct PolicyPlace {
  std::string_view type;
  std::string_view attribute;
  PolicyKind kind;
};

inline constexpr PolicyKind kId = PolicyKind::kIdentity;
inline constexpr PolicyKind kRes = PolicyKind::kResource;

inline constexpr std::array kPolicyPlaces{
    // IAM core (§1.1)
    PolicyPlace{"aws_iam_policy", "policy", kId},
    PolicyPlace{"aws_iam_role_policy", "policy", kId},
    PolicyPlace{"aws_iam_user_policy", "policy", kId},
    PolicyPlace{"aws_iam_group_policy", "policy", kId},
    PolicyPlace{"aws_iam_role", "assume_role_policy", PolicyKind::kTrust},
    PolicyPlace{"aws_ssoadmin_permission_set_inline_policy", "inline_policy", kId},
    // Session policies (§1.4): identity grammar
    PolicyPlace{"aws_transfer_user", "policy", kId},
    PolicyPlace{"aws_transfer_access", "policy", kId},
    PolicyPlace{"aws_rolesanywhere_profile", "session_policy", kId},
    // Resource-based policies (§1.3)
    PolicyPlace{"aws_acmpca_policy", "policy", kRes},
    PolicyPlace{"aws_api_gateway_rest_api", "policy", kRes},
    PolicyPlace{"aws_api_gateway_rest_api_policy", "policy", kRes},
    PolicyPlace{"aws_api_gateway_domain_name", "policy", kRes},
    PolicyPlace{"aws_backup_vault_policy", "policy", kRes},
    PolicyPlace{"aws_bedrockagentcore_resource_policy", "policy", kRes},
    PolicyPlace{"aws_cloudsearch_domain_service_access_policy", "access_policy", kRes},
    PolicyPlace{"aws_cloudwatch_log_resource_policy", "policy_document", kRes},
    PolicyPlace{"aws_cloudwatch_log_destination_policy", "access_policy", kRes},
    PolicyPlace{"aws_cloudwatch_log_delivery_destination_policy", "delivery_destination_policy",
                kRes},
    PolicyPlace{"aws_codeartifact_domain_permissions_policy", "policy_document", kRes},
    PolicyPlace{"aws_codeartifact_repository_permissions_policy", "policy_document", kRes},
    PolicyPlace{"aws_codebuild_resource_policy", "policy", kRes},
    PolicyPlace{"aws_dsql_cluster_policy", "policy", kRes},
    PolicyPlace{"aws_dynamodb_resource_policy", "policy", kRes},
    PolicyPlace{"aws_ecr_repository_policy", "policy", kRes},
    PolicyPlace{"aws_ecr_registry_policy", "policy", kRes},
    PolicyPlace{"aws_ecrpublic_repository_policy", "policy", kRes},
    PolicyPlace{"aws_ecr_repository_creation_template", "repository_policy", kRes},
    PolicyPlace{"aws_efs_file_system_policy", "policy", kRes},
    PolicyPlace{"aws_cloudwatch_event_bus_policy", "policy", kRes},
    PolicyPlace{"aws_schemas_registry_policy", "policy", kRes},
    PolicyPlace{"aws_glacier_vault", "access_policy", kRes},
    PolicyPlace{"aws_glacier_vault_lock", "policy", kRes},
    PolicyPlace{"aws_glue_resource_policy", "policy", kRes},
    PolicyPlace{"aws_kinesis_resource_policy", "policy", kRes},
    PolicyPlace{"aws_kms_key", "policy", kRes},
    PolicyPlace{"aws_kms_external_key", "policy", kRes},
    PolicyPlace{"aws_kms_replica_key", "policy", kRes},
    PolicyPlace{"aws_kms_replica_external_key", "policy", kRes},
    PolicyPlace{"aws_kms_key_policy", "policy", kRes},
    PolicyPlace{"aws_media_store_container_policy", "policy", kRes},
    PolicyPlace{"aws_msk_cluster_policy", "policy", kRes},
    PolicyPlace{"aws_networkfirewall_resource_policy", "policy", kRes},
    PolicyPlace{"aws_oam_sink_policy", "policy", kRes},
    PolicyPlace{"aws_opensearch_domain", "access_policies", kRes},
    PolicyPlace{"aws_elasticsearch_domain", "access_policies", kRes},
    PolicyPlace{"aws_opensearch_domain_policy", "access_policies", kRes},
    PolicyPlace{"aws_elasticsearch_domain_policy", "access_policies", kRes},
    PolicyPlace{"aws_organizations_resource_policy", "content", kRes},
    PolicyPlace{"aws_prometheus_resource_policy", "policy_document", kRes},
    PolicyPlace{"aws_redshift_resource_policy", "policy", kRes},
    PolicyPlace{"aws_redshiftserverless_resource_policy", "policy", kRes},
    PolicyPlace{"aws_s3_bucket", "policy", kRes},
    PolicyPlace{"aws_s3_bucket_policy", "policy", kRes},
    PolicyPlace{"aws_s3_access_point", "policy", kRes},
    PolicyPlace{"aws_s3control_access_point_policy", "policy", kRes},
    PolicyPlace{"aws_s3control_bucket_policy", "policy", kRes},
    PolicyPlace{"aws_s3control_object_lambda_access_point_policy", "policy", kRes},
    PolicyPlace{"aws_s3control_access_grants_instance_resource_policy", "policy", kRes},
    PolicyPlace{"aws_s3tables_table_bucket_policy", "resource_policy", kRes},
    PolicyPlace{"aws_s3tables_table_policy", "resource_policy", kRes},
    PolicyPlace{"aws_s3vectors_vector_bucket_policy", "policy", kRes},
    PolicyPlace{"aws_sagemaker_model_package_group_policy", "resource_policy", kRes},
    PolicyPlace{"aws_secretsmanager_secret", "policy", kRes},
    PolicyPlace{"aws_secretsmanager_secret_policy", "policy", kRes},
    PolicyPlace{"aws_ses_identity_policy", "policy", kRes},
    PolicyPlace{"aws_sesv2_email_identity_policy", "policy", kRes},
    PolicyPlace{"aws_sns_topic", "policy", kRes},
    PolicyPlace{"aws_sns_topic_policy", "policy", kRes},
    PolicyPlace{"aws_sqs_queue", "policy", kRes},
    PolicyPlace{"aws_sqs_queue_policy", "policy", kRes},
    PolicyPlace{"aws_ssm_resource_policy", "policy", kRes},
    PolicyPlace{"aws_vpclattice_auth_policy", "policy", kRes},
    PolicyPlace{"aws_vpclattice_resource_policy", "policy", kRes},
    PolicyPlace{"aws_xray_resource_policy", "policy_document", kRes},
    PolicyPlace{"aws_vpc_endpoint", "policy", kRes},
    PolicyPlace{"aws_vpc_endpoint_policy", "policy", kRes},
};

}  // namespace iamlint::extract
