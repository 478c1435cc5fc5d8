"""Thin commands: parse arguments, call a service, report."""
