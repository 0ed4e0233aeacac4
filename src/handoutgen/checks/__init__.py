"""Checks on content and on the finished PDF."""
