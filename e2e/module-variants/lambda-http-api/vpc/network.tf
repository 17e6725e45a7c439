# Variant "vpc" of examples/lambda-http-api for the moto e2e (scripts/modules-e2e.py): the other
# branch of each optional input. The function runs in two private subnets with a data store to
# reach, and the route has no authorizer.
resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "app_a" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "${var.region}a"
}

resource "aws_subnet" "app_b" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "${var.region}b"
}
