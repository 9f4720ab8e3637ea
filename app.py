"""Sozialraum-Monitor: ``streamlit run app.py``."""

from pathlib import Path

from sozialraum.ui.app import main

main(Path(__file__).parent)
