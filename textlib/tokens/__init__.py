"""Domain segmentation: a private jieba tokenizer that keeps formulations whole."""
