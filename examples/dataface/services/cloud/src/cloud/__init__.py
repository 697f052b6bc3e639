"""Django project of the dataface cloud service."""
