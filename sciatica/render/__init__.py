"""Pure renderers: data in, escaped HTML or SVG out. No engine, no file system."""
