"""Domain segmentation: a private jieba tokenizer that keeps formulations whole."""

from textlib._exports import lazy_exports

_EXPORTS = {
    "tokenize": ".segmentation:tokenize",
    "unit_tokens": ".segmentation:unit_tokens",
    "DomainTokenizer": ".segmentation:DomainTokenizer",
    "segmentation_audit": ".segmentation:segmentation_audit",
    "audit_headline": ".segmentation:audit_headline",
    "is_content_token": ".segmentation:is_content_token",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
