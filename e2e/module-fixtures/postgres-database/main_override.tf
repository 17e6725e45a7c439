module "postgres_database" {
  vpc_id                    = aws_vpc.this.id
  subnet_ids                = [aws_subnet.data_a.id, aws_subnet.data_b.id]
  client_security_group_ids = [aws_security_group.app.id]
  deletion_protection       = "disabled"
  final_snapshot            = "skip"
}
