"""The zoo against torchvision's own figures, and the names students type for its models.

Parameter counts are torchvision's published ones; MACs are torch.utils.flop_counter's
FLOPs / 2 on torchvision's module (batch 1, eval mode), pinned here as literals.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

import cnn_demos
from cnn_demos import zoo

# key: (parameters, MACs), both as torchvision gives them
TORCHVISION = {
    "resnet34": (21_797_672, 3_663_761_408),
    "resnet101": (44_549_160, 7_801_405_440),
    "resnet152": (60_192_808, 11_513_626_624),
    "resnext50_32x4d": (25_028_904, 4_230_479_872),
    "vgg13": (133_047_848, 11_308_466_176),
    "vgg11_bn": (132_868_840, 7_609_090_048),
    "vgg13_bn": (133_053_736, 11_308_466_176),
    "vgg16_bn": (138_365_992, 15_470_264_320),
    "vgg19_bn": (143_678_248, 19_632_062_464),
    "squeezenet1_0": (1_248_424, 818_924_576),
    "squeezenet1_1": (1_235_496, 349_151_936),
    "densenet121": (7_978_856, 2_834_161_664),
    "efficientnet_b0": (5_288_548, 385_814_752),
    "inception_v3": (27_161_264, 5_713_216_096),  # parameters with the aux head, MACs without (eval)
    "shufflenet_v2_x1_0": (2_278_604, 144_907_992),
    "mobilenet_v3_large": (5_483_032, 216_589_760),
    "mobilenet_v3_small": (2_542_856, 56_510_400),
    "vit_b_16": (86_567_656, 17_563_828_224),
}
NODE_BUILT = [k for k in TORCHVISION if zoo.MODELS[k].build is not None]


@pytest.fixture(scope="module")
def report():
    """Each zoo model counted once for the whole file."""
    cache: dict[str, cnn_demos.Report] = {}

    def get(key: str) -> cnn_demos.Report:
        if key not in cache:
            cache[key] = cnn_demos.model(key)
        return cache[key]

    return get


@pytest.mark.parametrize("key", TORCHVISION)
def test_new_models_reproduce_torchvisions_figures(key, report):
    params, macs = TORCHVISION[key]
    counted = report(key)
    assert zoo.MODELS[key].published_params == params
    assert counted.total_params == counted.learnable_params == params
    assert counted.convention == "pytorch"
    assert counted.macs == macs
    assert counted.flop_counter_flops == counted.flops == 2 * macs


def test_our_layer_nodes_are_used_where_they_can_say_the_model():
    assert set(NODE_BUILT) == {"resnet34", "resnet101", "resnet152", "resnext50_32x4d", "vgg13", "vgg11_bn",
                               "vgg13_bn", "vgg16_bn", "vgg19_bn", "squeezenet1_0", "squeezenet1_1"}


@pytest.mark.parametrize("key", NODE_BUILT)
def test_node_built_models_equal_torchvisions_module(key, report):
    """Built from our nodes, checked against torchvision itself: same parameters, same flop_counter total."""
    try:
        module = zoo._torchvision(key)()
    except ImportError:
        pytest.skip("torchvision is not installed")
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        module.eval()(torch.empty(1, 3, 224, 224, device="meta"))
    assert report(key).learnable_params == sum(p.numel() for p in module.parameters())
    assert report(key).flop_counter_flops == counter.get_total_flops()


def test_stage_rows_of_node_built_models(report):
    rows = {r.name: r for r in report("resnet101").rows}
    assert len([name for name in rows if name.startswith("layer3.")]) == 23
    assert rows["layer4.2"].output_shape == "2048x7x7"
    resnext = {r.name: r for r in report("resnext50_32x4d").rows}
    # a 32-group 3x3 of width 128 (= int(64 * 4/64) * 32), then 1x1 to 256: the first block of layer1
    block = 64 * 128 + 2 * 128 + 128 // 32 * 9 * 128 + 2 * 128 + 128 * 256 + 2 * 256 + 64 * 256 + 2 * 256
    assert resnext["layer1.0"].params == block
    fire = {r.name: r for r in report("squeezenet1_1").rows}["fire2"]
    assert fire.output_shape == "128x55x55"
    assert fire.params == 64 * 16 + 16 + 16 * 64 + 64 + 16 * 9 * 64 + 64


@pytest.mark.parametrize("key", zoo.MODELS)
def test_every_zoo_model_report_builds(key, report):
    counted = report(key)
    assert counted.name == key
    assert counted.rows and counted.flop_counter_flops == counted.flops > 0
    assert any(r.output_shape in ("1000", "10", "2") for r in counted.rows)
    if zoo.MODELS[key].published_params:
        assert counted.total_params == zoo.MODELS[key].published_params


@pytest.mark.parametrize("typed, key", [
    ("resnet 18", "resnet18"), ("ResNet 18", "resnet18"), ("resnet-18", "resnet18"),
    ("RESNET_18", "resnet18"), ("resnet ۱۸", "resnet18"), ("ResNet-50", "resnet50"),
    ("resnet 101", "resnet101"),
    ("vgg 19", "vgg19"), ("vgg_19", "vgg19"), ("VGG-16", "vgg16"), ("vgg13", "vgg13"),
    ("VGG-16-BN", "vgg16_bn"), ("vgg 19 bn", "vgg19_bn"),
    ("lenet", "lenet5"), ("LeNet-5", "lenet5"), ("le net 5", "lenet5"), ("AlexNet", "alexnet"),
    ("googlenet", "googlenet"), ("Inception v1", "googlenet"), ("inception-v3", "inception_v3"),
    ("InceptionV3", "inception_v3"), ("mobilenet v2", "mobilenetv2"), ("MobileNetV2", "mobilenetv2"),
    ("mobilenet v3 small", "mobilenet_v3_small"), ("vit", "vit_b_16"), ("ViT-B/16", "vit_b_16"),
    ("vitb16", "vit_b_16"), ("resnext50", "resnext50_32x4d"), ("ResNeXt-50 32x4d", "resnext50_32x4d"),
    ("shufflenetv2", "shufflenet_v2_x1_0"), ("ShuffleNet V2 x1.0", "shufflenet_v2_x1_0"),
    ("squeezenet 1.1", "squeezenet1_1"), ("SqueezeNet1_0", "squeezenet1_0"), ("densenet", "densenet121"),
    ("DenseNet-121", "densenet121"), ("EfficientNet B0", "efficientnet_b0"),
    ("googlenet-aux", "googlenet-aux"), ("EfficientNetV2-S", "keras_efficientnetv2s"),
    ("efficientnet v2 b0", "keras_efficientnetv2b0"), ("ConvNeXt Tiny", "keras_convnexttiny"),
    ("convnext-xlarge", "keras_convnextxlarge"),
])
def test_names_as_students_type_them(typed, key):
    assert zoo.get(typed).key == key


def test_a_number_typed_apart_never_finds_another_model():
    """The bug: «resnet 18» answered ResNet-50 and «vgg 19» VGG-16."""
    assert cnn_demos.model("resnet 18").learnable_params == 11_689_512
    assert cnn_demos.model("vgg 19").learnable_params == 143_667_240


@pytest.mark.parametrize("typed, candidates", [
    ("inception", ("googlenet", "inception_v3")),
    ("resnet", ("resnet18", "resnet34", "resnet50", "resnet101", "resnet152")),
    ("VGG", ("vgg11", "vgg13", "vgg16", "vgg19", "vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn")),
    ("mobilenet", ("keras_mobilenet", "mobilenetv2", "mobilenet_v3_large", "mobilenet_v3_small")),
    ("MobileNet-v3", ("mobilenet_v3_large", "mobilenet_v3_small")),
    ("squeezenet", ("squeezenet1_0", "squeezenet1_1")),
    ("EfficientNetV2", ("keras_efficientnetv2b0", "keras_efficientnetv2b1", "keras_efficientnetv2b2",
                        "keras_efficientnetv2b3", "keras_efficientnetv2s", "keras_efficientnetv2m",
                        "keras_efficientnetv2l")),
])
def test_a_family_name_asks_which(typed, candidates):
    with pytest.raises(zoo.AmbiguousModel) as err:
        cnn_demos.model(typed)
    assert err.value.candidates == candidates
    assert isinstance(err.value, cnn_demos.UnknownModel)  # the bot and the CLI catch this one
    assert all(c in str(err.value) for c in candidates) and "کدام" in str(err.value)


def test_inception_asks_v1_or_v3():
    with pytest.raises(zoo.AmbiguousModel) as err:
        zoo.get("Inception")
    assert "Inception v1" in str(err.value) and "Inception v3" in str(err.value)


def test_an_unknown_name_gets_the_closest_names_and_the_list_command():
    with pytest.raises(zoo.UnknownModel) as err:
        zoo.get("resnet 1000")
    assert not isinstance(err.value, zoo.AmbiguousModel)
    assert err.value.suggestions[0] == "resnet101" and len(err.value.suggestions) <= 3
    assert "resnet 1000" in str(err.value) and "resnet101" in str(err.value)
    assert "calc model --list" in str(err.value)


def test_nothing_close_gets_no_suggestions():
    with pytest.raises(zoo.UnknownModel) as err:
        zoo.get("qwertyuiop")
    assert err.value.suggestions == () and "calc model --list" in str(err.value)


def test_every_key_and_alias_finds_its_own_model():
    for key in zoo.MODELS:
        assert zoo.get(key).key == key
        assert zoo.get(key.upper().replace("_", " ")).key == key
    normalised = {zoo.normalise(k) for k in zoo.MODELS}
    assert len(normalised) == len(zoo.MODELS)
    assert not normalised & set(zoo._ALIASES)  # an alias never hides a key
    for target in zoo._ALIASES.values():
        assert set((target,) if isinstance(target, str) else target) <= set(zoo.MODELS)


def test_without_torchvision_the_student_is_told_what_to_install(monkeypatch):
    def missing():
        raise ImportError("No module named 'torchvision'")

    monkeypatch.setattr(zoo, "torchvision_models", missing)
    cnn_demos._zoo_report.cache_clear()  # reports are cached per process: count afresh without torchvision
    with pytest.raises(zoo.ModelUnavailable) as err:
        cnn_demos.model("densenet121")
    assert isinstance(err.value, cnn_demos.UnknownModel)
    assert "pip install torchvision" in str(err.value) and "DenseNet-121" in str(err.value)
    assert cnn_demos.model("resnet18").learnable_params == 11_689_512  # our own nodes need no torchvision


def test_importing_cnn_demos_does_not_import_torchvision():
    code = "import sys, cnn_demos; cnn_demos.model('resnet18'); assert 'torchvision' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# keras.applications.X(weights=None) under Keras 3.15.1: (model.count_params(), non-trainable: BatchNorm statistics)
KERAS_APPLICATIONS = {
    "keras_resnet50": (25_636_712, 53_120),
    "keras_resnet101": (44_707_176, 105_344),
    "keras_resnet152": (60_419_944, 151_424),
    "keras_resnet50v2": (25_613_800, 45_440),
    "keras_resnet101v2": (44_675_560, 97_664),
    "keras_resnet152v2": (60_380_648, 143_744),
    "keras_xception": (22_910_480, 54_528),
    "keras_mobilenet": (4_253_864, 21_888),
    "keras_mobilenetv2": (3_538_984, 34_112),
    "keras_densenet121": (8_062_504, 83_648),
    "keras_densenet169": (14_307_880, 158_400),
    "keras_densenet201": (20_242_984, 229_056),
    "keras_mobilenetv3small": (2_554_968, 12_112),
    "keras_mobilenetv3large": (5_507_432, 24_400),
    "keras_inceptionv3": (23_851_784, 34_432),   # BatchNorm without scale: moving mean and variance only
    "keras_vgg16": (138_357_544, 0),
    "keras_vgg19": (143_667_240, 0),
    # EfficientNet: BatchNorm statistics and the input Normalization's mean (3), variance (3) and count (1)
    "keras_efficientnetb0": (5_330_571, 42_023),
    "keras_efficientnetb1": (7_856_239, 62_055),
    "keras_efficientnetb2": (9_177_569, 67_575),
    "keras_efficientnetb3": (12_320_535, 87_303),
    "keras_efficientnetb4": (19_466_823, 125_207),
    "keras_efficientnetb5": (30_562_527, 172_743),
    "keras_efficientnetb6": (43_265_143, 224_439),
    "keras_efficientnetb7": (66_658_687, 310_727),
    # EfficientNetV2: BatchNorm statistics only (its input Normalization's mean and variance are constants)
    "keras_efficientnetv2b0": (7_200_312, 60_608),
    "keras_efficientnetv2b1": (8_212_124, 71_072),
    "keras_efficientnetv2b2": (10_178_374, 82_288),
    "keras_efficientnetv2b3": (14_467_622, 109_216),
    "keras_efficientnetv2s": (21_612_360, 153_872),
    "keras_efficientnetv2m": (54_431_388, 292_032),
    "keras_efficientnetv2l": (119_027_848, 512_576),
    # ConvNeXt: LayerNorm and LayerScale, all trainable (its input Normalization's mean and variance are constants)
    "keras_convnexttiny": (28_589_128, 0),
    "keras_convnextsmall": (50_223_688, 0),
    "keras_convnextbase": (88_591_464, 0),
    "keras_convnextlarge": (197_767_336, 0),
    "keras_convnextxlarge": (350_196_968, 0),
}


@pytest.mark.parametrize("key", KERAS_APPLICATIONS)
def test_keras_applications_count_like_keras(key, report):
    counted = report(key)
    assert (counted.total_params, counted.non_trainable_params) == KERAS_APPLICATIONS[key]
    assert counted.convention == "keras" and counted.rows[-1].output_shape == "1000"


def test_keras_applications_name_their_keras_figures():
    assert {k for k, m in zoo.MODELS.items() if m.source.startswith("keras.applications")} == set(KERAS_APPLICATIONS)
