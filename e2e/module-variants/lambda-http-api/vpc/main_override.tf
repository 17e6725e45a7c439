module "lambda_http_api" {
  vpc = {
    vpc_id            = aws_vpc.this.id
    subnet_ids        = [aws_subnet.app_a.id, aws_subnet.app_b.id]
    data_subnet_cidrs = ["10.0.20.0/24", "10.0.21.0/24"]
    data_stores = [
      { id = "Postgres", description = "PostgreSQL", from_port = 5432, to_port = 5432 },
      { id = "Redis", description = "Redis", from_port = 6379, to_port = 6379 },
    ]
  }
  authorizer = null
}
