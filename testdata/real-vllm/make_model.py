"""A tiny Llama model built locally (no hub): a BPE tokenizer trained on a few hundred generated lines, and a
randomly initialised 2-layer model (hidden 128, 4 heads of 32) saved as safetensors. CPU attention needs a head
size of 32/64/80..., hence 4 x 32.

usage: make_model.py DIR
"""
import json
import os
import random
import sys

from tokenizers import Tokenizer, models, pre_tokenizers, trainers, decoders
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
random.seed(7)
words = ["vllm", "scanner", "route", "model", "token", "server", "health", "metrics", "key", "proxy", "the", "a",
         "is", "on", "with", "without", "answers", "request", "cache", "engine", "prompt", "reply", "tiny", "local"]
lines = [" ".join(random.choice(words) for _ in range(random.randint(4, 16))) for _ in range(400)]

tok = Tokenizer(models.BPE(unk_token="<unk>"))
tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
tok.decoder = decoders.ByteLevel()
trainer = trainers.BpeTrainer(vocab_size=512, special_tokens=["<unk>", "<s>", "</s>"],
                              initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
tok.train_from_iterator(lines, trainer)
fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>")
fast.chat_template = "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}assistant:"
fast.save_pretrained(out)

config = LlamaConfig(vocab_size=tok.get_vocab_size(), hidden_size=128, intermediate_size=256, num_hidden_layers=2,
                     num_attention_heads=4, num_key_value_heads=4, head_dim=32, max_position_embeddings=512,
                     bos_token_id=1, eos_token_id=2, tie_word_embeddings=False, torch_dtype="float32")
LlamaForCausalLM(config).save_pretrained(out, safe_serialization=True)
print(json.dumps({"model": out, "vocab": tok.get_vocab_size()}))
