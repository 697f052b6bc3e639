"""Public playground API of the dataface example."""
