"""Write ``cnn_demos/data/keras_application_layers.json``: Keras' own list of layers of each application the
zoo builds with Keras' parameter order, so ``for layer in base.layers[:100]: layer.trainable = False`` can be
followed.

    KERAS_BACKEND=torch python benchmarks/data/make_keras_application_layers.py   # needs Keras 3 (and torch)

For each application, ``NAME``: ``[name, trainable weight tensors, class]`` per layer of the model without its
head, in Keras' order (the class as its index in ``classes``, the Keras class names, so that ``isinstance(layer,
layers.BatchNormalization)`` can be answered without writing each name thousands of times), and ``NAME top``: the layers the ImageNet head adds after those (Keras' list with the head is the
one without it, then these), so no list is written twice.  Where the model without its head ends in layers of its
own (ConvNeXt's LayerNormalization of the features), those are ``NAME features``, left out of ``NAME``.
Where the zoo's build holds the weights in another order (ResNet v1 and v2 keep a block's projection last, Keras
between the body's second and third layers; InceptionV3 its branches one after another, Keras side by side),
``NAME order`` lists the layers without the head in the build's
order (the head's follow in their own; ``tests/test_cnn_code.py`` checks the freezing against Keras' own figures).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import keras

APPLICATIONS = {"MobileNetV2": 224, "MobileNet": 224, "Xception": 299, "ResNet50": 224, "ResNet101": 224,
                "ResNet152": 224, "ResNet50V2": 224, "ResNet101V2": 224, "ResNet152V2": 224,
                **{f"EfficientNetB{v}": side for v, side in enumerate((224, 240, 260, 300, 380, 456, 528, 600))},
                **{f"EfficientNetV2{v}": side for v, side in zip(("B0", "B1", "B2", "B3", "S", "M", "L"),
                                                                  (224, 240, 260, 300, 384, 480, 480))},
                "DenseNet121": 224, "DenseNet169": 224, "DenseNet201": 224, "InceptionV3": 299,
                "MobileNetV3Small": 224, "MobileNetV3Large": 224, "VGG16": 224, "VGG19": 224,
                **{f"ConvNeXt{size}": 224 for size in ("Tiny", "Small", "Base", "Large", "XLarge")}}
# ResNet v1's block, in Keras' order 1_conv 1_bn 2_conv 2_bn 0_conv 3_conv 0_bn 3_bn (v2: 0_conv 3_conv, after
# the block's preact_bn); the zoo's build holds the body (1, 2, 3) and then the projection (0)
_BLOCK = re.compile(r"^(conv\d_block\d+)_(\d)_(conv|bn)$")
_ROLE = {"1": 0, "2": 1, "3": 2, "0": 3}


def parameter_order(names: list[str]) -> list[int]:
    """The layers' indices in the order the zoo's build holds ResNet's weights."""
    first: dict[str, int] = {}
    keys = []
    for index, name in enumerate(names):
        match = _BLOCK.match(name)
        if match:
            block = first.setdefault(match.group(1), index)
            keys.append((block, _ROLE[match.group(2)] * 2 + (match.group(3) == "bn"), index))
        else:
            keys.append((index, 0, index))
    return [key[2] for key in sorted(keys)]


_AUTO_NAMED = re.compile(r"^(conv2d|batch_normalization|activation)(?:_(\d+))?$")
_UNIT = ("conv2d", "batch_normalization", "activation")


def creation_order(names: list[str]) -> list[int]:
    """InceptionV3's layers are named as its code makes them (``conv2d_5`` before ``conv2d_6``), the order the zoo's
    Concat holds their weights, branch after branch; Keras lists them by depth, branch beside branch.  Layers
    without weights (pooling, the concatenations) may stand anywhere: they come first."""
    keys = []
    for index, name in enumerate(names):
        match = _AUTO_NAMED.match(name)
        made = (int(match.group(2) or 0), _UNIT.index(match.group(1))) if match else (-1, 0)
        keys.append((*made, index))
    return [key[2] for key in sorted(keys)]


# Where the zoo's build holds the weights in another order than Keras lists the layers
ORDERS = {"ResNet": parameter_order, "InceptionV3": creation_order}  # DenseNet's names look like ResNet's, its order is Keras'


OUT = Path(__file__).resolve().parents[2] / "cnn_demos" / "data" / "keras_application_layers.json"


def layers_of(name: str, side: int, top: bool, classes: list[str]) -> list[list]:
    """``[name, trainable weight tensors, class]`` of each layer of ``keras.applications.NAME(weights=None)``;
    a class not yet in ``classes`` is added to it."""
    keras.backend.clear_session()  # names as a fresh session gives them (input_layer, not input_layer_3)
    model = getattr(keras.applications, name)(include_top=top, weights=None, input_shape=(side, side, 3))
    listed = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind not in classes:
            classes.append(kind)
        listed.append([layer.name, len(layer.trainable_weights), classes.index(kind)])
    return listed


def main() -> None:
    classes: list[str] = []
    table: dict = {"classes": classes}
    for name, side in APPLICATIONS.items():
        base, full = layers_of(name, side, False, classes), layers_of(name, side, True, classes)
        shared = next((i for i, (a, b) in enumerate(zip(base, full)) if a != b), len(base))
        if shared < len(base):   # ConvNeXt normalises its features where it has no head: its own last layers
            base, table[f"{name} features"] = base[:shared], base[shared:]
        table[name], table[f"{name} top"] = base, full[len(base):]
        ordering = next((f for prefix, f in ORDERS.items() if name.startswith(prefix)), None)
        order = ordering([layer[0] for layer in base]) if ordering else []
        if order != sorted(order):
            table[f"{name} order"] = order
    OUT.write_text(json.dumps(table, separators=(",", ":")) + "\n", "utf-8")
    print(f"{OUT}: " + ", ".join(f"{k} {len(v)} layers" for k, v in table.items() if k != "classes" and not k.endswith("order")))


if __name__ == "__main__":
    main()
