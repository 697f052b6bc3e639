"""Private question-answering API of the dataface example."""
