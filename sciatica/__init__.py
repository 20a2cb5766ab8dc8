"""The site's Python code, free of any site engine: the data model and loader, and pure
renderers from data to escaped HTML and SVG. Engine glue lives in engine_glue.py only."""
