# Fixture of examples/postgres-database for the moto e2e (scripts/modules-e2e.py): the network the
# example's literal IDs stand for, and a destroyable instance (the e2e destroys what it applies;
# the module's defaults, deletion protection on and a final snapshot, are for real databases).
resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "data_a" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = "10.0.20.0/24"
  availability_zone = "${var.region}a"
}

resource "aws_subnet" "data_b" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = "10.0.21.0/24"
  availability_zone = "${var.region}b"
}

resource "aws_security_group" "app" {
  name   = "team-a-dev-app"
  vpc_id = aws_vpc.this.id
}
