"""PDF/A beside each document, through LibreOffice headless (``convert``), with its metadata (``meta``)."""
