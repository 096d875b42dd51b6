"""The encoder as an onnxruntime graph, built here from the pinned safetensors (no torch, no
exported model file, nothing downloaded): the optional fast path behind the `Encoder` protocol.

Measured on the project's 2-core machine (bench/RESULTS.md): onnxruntime's fused kernels embed a
statement in about two thirds of the numpy encoder's time at the same float32 precision (cosine
0.99999 with sentence-transformers), and with int8 weights (dynamic quantisation: int8 weights per
output column, activations quantised per product; a few outlier channels of the feed-forward kept
in float32, see FLOAT_CHANNELS) claims in 2.1 ms of CPU each (3,000 bench claims, one thread;
3.3 ms with the feed-forward output all in float32, as before), their vectors within cosine
~0.996 of the float ones, which leaves CheckThat! MAP@5 where it was (README "Semantic
matching"). So checks embed statements in float32 and the background embeds claims in int8.

onnxruntime and onnx are the `fast` extra in pyproject.toml; without them the numpy encoder runs.
"""

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnxruntime
from onnx import NodeProto, TensorProto, helper, numpy_helper

from service.matching.semantic.encoder import (
    HEADS,
    LAYER_NORM_EPS,
    MAX_LENGTH,
    BertEncoder,
    layer_count,
)

# Texts in one run of the graph: ~1,000 tokens (about 40 claims) kept the activations in the
# core's cache and ran fastest per claim (measured 32 to 64 claims a batch; 128 was slower).
BATCH_TOKENS = 1_024
_MS = "com.microsoft"  # onnxruntime's contributed fused ops (attention, layer norm, GELU)
# The format version the pinned onnxruntime reads (onnx writes its newest by default).
IR_VERSION = 10
# The int8 encoder's recipe, in its vectors' name: vectors stored by another recipe are embedded
# again. 2: the feed-forward output in int8 too, but for its outlier channels (FLOAT_CHANNELS);
# the first recipe ("/int8") kept that whole product in float32.
INT8_NAME = "/int8.2"
# Per layer, the channels of the feed-forward's hidden layer (after GELU) that the int8 encoder
# computes in float32. The input of the feed-forward output is quantised with one scale for the
# whole product, and in layers 0 to 3 one or two channels reach 14 to 25 where the others stay
# under 8 (median of the channels' maxima: 2): quantised with the rest, they coarsen every other
# channel's steps several-fold. They are the 8 largest of each layer over 1,500 bench claims and
# CheckThat! 2020's 800 train queries (the large ones are the same on CheckThat! claims; see
# tests/matching/semantic/test_onnx.py). CheckThat! 2020 dev MAP@5 with claims in int8: 0.897
# with the whole product in float32 (recipe 1), 0.883 all int8; with the 1, 4, 8 or 16 largest
# channels a layer (of 400 bench claims) in float32, 0.888, 0.895, 0.898 and 0.894, and 0.892
# with these 8 (0.891 with FastGelu, below): the spread is the rounding's, a query or two of 197.
# Every vector float32 gives 0.892. Vectors within cosine 0.996 of the float ones on average
# (0.9966 recipe 1), for a third less CPU a claim than recipe 1 (its float product took 45 % of it).
FLOAT_CHANNELS: dict[int, tuple[int, ...]] = {
    0: (329, 602, 691, 856, 1096, 1170, 1261, 1337),
    1: (26, 116, 417, 588, 607, 646, 821, 1157),
    2: (144, 218, 427, 805, 1004, 1021, 1265, 1404),
    3: (117, 146, 201, 318, 358, 456, 750, 759),
    4: (192, 446, 637, 716, 1031, 1089, 1097, 1321),
    5: (256, 499, 745, 830, 923, 1300, 1302, 1381),
}

Tensors = dict[str, npt.NDArray[np.generic]]


class OnnxMiniLM(BertEncoder):
    """all-MiniLM-L6-v2 on onnxruntime, one intra-op thread a call (callers run calls on threads
    to use the cores; a session may run from several threads at once).

    `quantized`: int8 weights for the six layers' products, for bulk embedding. Its vectors are
    named apart (`name` ends in INT8_NAME): they are close to the float ones, not equal.
    `workers`: threads for the batches of one `embed` call (see BertEncoder).
    """

    batch_tokens = BATCH_TOKENS

    def __init__(
        self,
        directory: Path | None = None,
        *,
        quantized: bool = False,
        max_length: int = MAX_LENGTH,
        workers: int = 1,
    ) -> None:
        super().__init__(directory, max_length, workers)
        tensors = self._tensors()
        self.dim = int(tensors["embeddings.word_embeddings.weight"].shape[1])
        if quantized:
            self.name += INT8_NAME
        options = onnxruntime.SessionOptions()
        # One thread a call and no spinning: on a shared machine a second thread or a spinning
        # wait costs more than it gives for the small products of a few texts.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        options.log_severity_level = 3  # warnings about the graph are ours to fix, not to log
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = onnxruntime.InferenceSession(
            build_graph(tensors, quantized=quantized),
            options,
            providers=["CPUExecutionProvider"],
            # The graph has no two equal constants to share, and with usearch imported first (as
            # the service does) this pass merged unequal small ones: the int8 graph's 8-float
            # biases became a Split's sizes (found by tests/matching/semantic/test_model.py).
            disabled_optimizers=["ConstantSharing"],
        )

    def _forward(
        self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.float32]
    ) -> npt.NDArray[np.float32]:
        feed = {
            "ids": ids,
            "mask": mask.astype(np.int32),
            "positions": np.arange(ids.shape[1], dtype=np.int64),
        }
        (hidden,) = self._session.run(None, feed)
        return hidden  # type: ignore[no-any-return]


class _Graph:
    """Nodes and initializers of one ONNX graph, added in order."""

    def __init__(self) -> None:
        self.nodes: list[NodeProto] = []
        self.initializers: list[TensorProto] = []

    def const(self, name: str, array: npt.NDArray[np.generic]) -> str:
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(
        self, op: str, inputs: Sequence[str], output: str, *, fused: bool = False, **attrs: Any
    ) -> str:
        domain = _MS if fused else ""
        self.nodes.append(helper.make_node(op, list(inputs), [output], domain=domain, **attrs))
        return output


def build_graph(
    tensors: Tensors,
    *,
    quantized: bool,
    float_channels: Mapping[int, Sequence[int]] = FLOAT_CHANNELS,
) -> bytes:
    """The BERT encoder as a serialised ONNX model: (ids, mask) -> last hidden states.

    Inputs: `ids` int64 (texts, length), `mask` int32 (texts, length), 1 for a real token, and
    `positions` int64 (length), 0 to length - 1.
    """

    def weight(name: str) -> npt.NDArray[np.float32]:
        return np.asarray(tensors[name], dtype=np.float32)

    g = _Graph()
    g.const("word", weight("embeddings.word_embeddings.weight"))
    g.const("position", weight("embeddings.position_embeddings.weight"))
    g.const("token_type", weight("embeddings.token_type_embeddings.weight")[0])
    positions = g.node("Gather", ["position", "positions"], "placed_at")
    x = g.node("Gather", ["word", "ids"], "words")
    x = g.node("Add", [x, positions], "placed")
    x = g.node("Add", [x, "token_type"], "embedded")
    x = g.node(
        "LayerNormalization",
        [
            x,
            g.const("ln_g", weight("embeddings.LayerNorm.weight")),
            g.const("ln_b", weight("embeddings.LayerNorm.bias")),
        ],
        "layer_in_0",
        axis=-1,
        epsilon=LAYER_NORM_EPS,
    )

    def product(
        inputs: str,
        w: npt.NDArray[np.float32],
        bias: npt.NDArray[np.float32] | None,
        out: str,
        *,
        exact: bool = False,
    ) -> str:
        """inputs @ w (+ bias); w is (in, out). In int8 when `quantized`, unless `exact`."""
        if quantized and not exact:
            q, scale = _int8_columns(w)
            args = [inputs, g.const(f"{out}.q", q), g.const(f"{out}.scale", scale), ""]
            if bias is not None:
                args.append(g.const(f"{out}.bias", bias))
            return g.node("DynamicQuantizeMatMul", args, out, fused=True)
        x = g.node("MatMul", [inputs, g.const(f"{out}.w", w)], out if bias is None else f"{out}.mm")
        return x if bias is None else g.node("Add", [x, g.const(f"{out}.bias", bias)], out)

    def gelu(inputs: str, bias: npt.NDArray[np.float32], out: str) -> str:
        """GELU(inputs + bias): BiasGelu is BERT's erf GELU; FastGelu, in int8, its tanh form
        (as the numpy encoder), 4 % less CPU a claim for vectors as close to the float ones."""
        op = "FastGelu" if quantized else "BiasGelu"
        return g.node(op, [inputs, g.const(f"{out}.bias", bias)], out, fused=True)

    width = int(tensors["embeddings.word_embeddings.weight"].shape[1])
    g.const("split", np.array([width] * 3, dtype=np.int64))
    for i in range(layer_count(tensors)):
        p = f"encoder.layer.{i}."
        a = p + "attention.self."
        parts = ("query", "key", "value")
        qkv = product(
            x,
            np.concatenate([weight(f"{a}{part}.weight").T for part in parts], axis=1),
            np.concatenate([weight(f"{a}{part}.bias") for part in parts]),
            f"l{i}.qkv",
        )
        g.nodes.append(
            helper.make_node("Split", [qkv, "split"], [f"l{i}.q", f"l{i}.k", f"l{i}.v"], axis=-1)
        )
        # Padding is kept out of attention by the mask (its key_padding_mask input).
        context = g.node(
            "MultiHeadAttention",
            [f"l{i}.q", f"l{i}.k", f"l{i}.v", "", "mask"],
            f"l{i}.context",
            fused=True,
            num_heads=HEADS,
        )
        attended = product(
            context, weight(p + "attention.output.dense.weight").T, None, f"l{i}.out"
        )
        x = _skip_layer_norm(g, attended, x, weight, p + "attention.output", f"l{i}.mid")
        up_w = weight(p + "intermediate.dense.weight").T
        up_b = weight(p + "intermediate.dense.bias")
        down_w = weight(p + "output.dense.weight").T
        residual = x
        kept = list(float_channels.get(i, ())) if quantized else []
        if kept:
            # The outlier channels' own small feed-forward in float32, added to the residual;
            # the int8 one below has the other channels.
            up_f = product(x, up_w[:, kept], None, f"l{i}.up_f", exact=True)
            hidden_f = gelu(up_f, up_b[kept], f"l{i}.gelu_f")
            down_f = product(hidden_f, down_w[kept], None, f"l{i}.down_f", exact=True)
            residual = g.node("Add", [x, down_f], f"l{i}.residual")
            rest = np.setdiff1d(np.arange(up_w.shape[1]), kept)
            up_w, up_b, down_w = up_w[:, rest], up_b[rest], down_w[rest]
        hidden = gelu(product(x, up_w, None, f"l{i}.up"), up_b, f"l{i}.gelu")
        down = product(hidden, down_w, None, f"l{i}.down")
        x = _skip_layer_norm(g, down, residual, weight, p + "output", f"layer_in_{i + 1}")
    g.nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("ids", TensorProto.INT64, ["texts", "length"]),
            helper.make_tensor_value_info("mask", TensorProto.INT32, ["texts", "length"]),
            helper.make_tensor_value_info("positions", TensorProto.INT64, ["length"]),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["texts", "length", width])],
        g.initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(_MS, 1)],
        ir_version=IR_VERSION,
    )
    return model.SerializeToString()  # type: ignore[no-any-return]


def _skip_layer_norm(
    g: _Graph,
    branch: str,
    residual: str,
    get: Callable[[str], npt.NDArray[np.float32]],
    prefix: str,
    out: str,
) -> str:
    """LayerNorm(residual + branch + the dense layer's bias), one fused kernel."""
    return g.node(
        "SkipLayerNormalization",
        [
            branch,
            residual,
            g.const(f"{out}.ln_g", get(f"{prefix}.LayerNorm.weight")),
            g.const(f"{out}.ln_b", get(f"{prefix}.LayerNorm.bias")),
            g.const(f"{out}.bias", get(f"{prefix}.dense.bias")),
        ],
        out,
        fused=True,
        epsilon=LAYER_NORM_EPS,
    )


def _int8_columns(
    w: npt.NDArray[np.float32],
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float32]]:
    """Symmetric int8 per output column: w ~ q * scale, q in -127..127."""
    scale = np.maximum(np.abs(w).max(axis=0), 1e-12) / np.float32(127)
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)
