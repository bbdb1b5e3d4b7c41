"""A stateful model of the credentialing rules that drives the command layer."""
