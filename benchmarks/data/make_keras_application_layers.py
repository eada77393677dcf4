"""Write ``cnn_demos/data/keras_application_layers.json``: Keras' own list of layers of each application the
zoo builds with Keras' parameter order, so ``for layer in base.layers[:100]: layer.trainable = False`` can be
followed.

    KERAS_BACKEND=torch python benchmarks/data/make_keras_application_layers.py   # needs Keras 3 (and torch)

For each application, without and with its ImageNet head (``NAME`` and ``NAME top``): ``[name, trainable weight
tensors]`` per layer, in Keras' order.
Where the zoo's build holds the weights in another order (ResNet v1 keeps a block's projection last, Keras
between the body's second and third layers), ``NAME order`` lists the layers in the build's order
(``tests/test_cnn_code.py`` checks the freezing against Keras' own figures). ResNetV2 is not written: it stays
with a note.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import keras

APPLICATIONS = {"MobileNetV2": 224, "MobileNet": 224, "Xception": 299, "ResNet50": 224, "ResNet101": 224,
                "ResNet152": 224}
# ResNet v1's block, in Keras' order 1_conv 1_bn 2_conv 2_bn 0_conv 3_conv 0_bn 3_bn; the zoo's build holds the
# body (1, 2, 3) and then the projection (0)
_BLOCK = re.compile(r"^(conv\d_block\d+)_(\d)_(conv|bn)$")
_ROLE = {"1": 0, "2": 1, "3": 2, "0": 3}


def parameter_order(names: list[str]) -> list[int]:
    """The layers' indices in the order the zoo's build holds their weights."""
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
OUT = Path(__file__).resolve().parents[2] / "cnn_demos" / "data" / "keras_application_layers.json"


def main() -> None:
    table = {}
    for name, side in APPLICATIONS.items():
        for top in (False, True):
            keras.backend.clear_session()  # names as a fresh session gives them (input_layer, not input_layer_3)
            model = getattr(keras.applications, name)(include_top=top, weights=None, input_shape=(side, side, 3))
            key = f"{name}{'' if not top else ' top'}"
            table[key] = [[layer.name, len(layer.trainable_weights)] for layer in model.layers]
            order = parameter_order([layer.name for layer in model.layers])
            if order != sorted(order):
                table[f"{key} order"] = order
    OUT.write_text(json.dumps(table, separators=(",", ":")) + "\n", "utf-8")
    print(f"{OUT}: " + ", ".join(f"{k} {len(v)} layers" for k, v in table.items()))


if __name__ == "__main__":
    main()
