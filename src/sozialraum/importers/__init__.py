"""Importers: bring a town's own or official data into a data directory, checked first."""
