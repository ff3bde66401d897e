"""The words every output carries."""

DISCLAIMER = (
    "Educational reference only: not medical advice, and it gives no doses. "
    "Consult a licensed clinician about any treatment."
)
