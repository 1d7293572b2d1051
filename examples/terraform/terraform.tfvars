account_id  = "123456789012"
github_repo = "acme/orders-service"
bucket_name = "acme-prod-orders-data"
