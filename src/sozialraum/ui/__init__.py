"""The Streamlit app: a thin layer over the core (pages render a :class:`View`)."""
