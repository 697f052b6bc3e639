"""Batch job of the dataface example: fetch, transform, load."""
