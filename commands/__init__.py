"""The write side and the CLI: one pydantic command model and one handler per use case."""
