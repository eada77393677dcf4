"""Write ``cnn_demos/data/keras_application_layers.json``: Keras' own list of layers of each application the
zoo builds with Keras' parameter order, so ``for layer in base.layers[:100]: layer.trainable = False`` can be
followed.

    KERAS_BACKEND=torch python benchmarks/data/make_keras_application_layers.py   # needs Keras 3 (and torch)

For each application, without and with its ImageNet head (``NAME`` and ``NAME top``): ``[name, trainable weight
tensors]`` per layer, in Keras' order.
Only applications whose trainable weights come in the same order as the parameters of the zoo's build are
written (``tests/test_cnn_code.py`` checks the freezing against Keras' own figures); ResNet50 and ResNet50V2
build their shortcut first in Keras and stay with a note.
"""

from __future__ import annotations

import json
from pathlib import Path

import keras

APPLICATIONS = {"MobileNetV2": 224, "MobileNet": 224, "Xception": 299}
OUT = Path(__file__).resolve().parents[2] / "cnn_demos" / "data" / "keras_application_layers.json"


def main() -> None:
    table = {}
    for name, side in APPLICATIONS.items():
        for top in (False, True):
            keras.backend.clear_session()  # names as a fresh session gives them (input_layer, not input_layer_3)
            model = getattr(keras.applications, name)(include_top=top, weights=None, input_shape=(side, side, 3))
            table[f"{name}{'' if not top else ' top'}"] = [[layer.name, len(layer.trainable_weights)]
                                                         for layer in model.layers]
    OUT.write_text(json.dumps(table, separators=(",", ":")) + "\n", "utf-8")
    print(f"{OUT}: " + ", ".join(f"{k} {len(v)} layers" for k, v in table.items()))


if __name__ == "__main__":
    main()
