"""`fazhi desk train / evaluate / suggest / catalogue` as an administrator uses them."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fazhi.demo.calls import DEMO_CATALOGUE, DEMO_TRAINING_SET
from fazhi.desk.routing import default_model_path, record_decision
from fazhi.desk.tests.test_routing import _routing_locale, chinese_messages  # noqa: F401

HEADER_ROW = "留言主题,留言详情,一级标签\n"
SMALL = HEADER_ROW + (
    "路灯不亮,京溪路路灯坏了,城乡建设\n"
    "路面塌陷,同和街路面塌陷,城乡建设\n"
    "井盖丢失,太和镇井盖丢了,城乡建设\n"
    "河涌发臭,人和镇河涌发黑发臭,环境保护\n"
    "工厂排烟,石井街工厂排放黑烟,环境保护\n"
    "焚烧垃圾,白云湖边有人焚烧垃圾,环境保护\n"
)


def run(*args):
    out = StringIO()
    call_command("desk", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small_csv(tmp_path):
    path = tmp_path / "small.csv"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_train_reports_size_categories_and_time_and_writes_the_default_model():
    out = run("train", "--data", str(DEMO_TRAINING_SET))
    assert "训练样本数：504" in out
    assert "类别（14 个）：" in out
    assert "企业用水 36" in out
    assert re.search(r"训练用时：\d+\.\d 秒", out)
    assert default_model_path().is_file()


def test_train_adds_the_dispatchers_recorded_decisions(small_csv, tmp_path):
    record_decision("工地夜里打桩太吵", suggested="城乡建设", chosen="环境保护")
    out = run("train", "--data", str(small_csv), "--model", str(tmp_path / "m.joblib"))
    assert "加入调度员分拨决定：1 条" in out
    assert "训练样本数：7" in out
    out = run(
        "train",
        "--data",
        str(small_csv),
        "--model",
        str(tmp_path / "m.joblib"),
        "--no-feedback",
    )
    assert "训练样本数：6" in out


def test_evaluate_prints_accuracy_macro_f1_per_class_f1_and_confusion_matrix(
    small_csv, tmp_path
):
    model = tmp_path / "m.joblib"
    run("train", "--data", str(small_csv), "--model", str(model))
    out = run("evaluate", "--data", str(small_csv), "--model", str(model))
    lines = out.splitlines()
    assert "评估留言数：6" in lines
    assert "准确率：1.0000" in lines
    assert "macro-F1: 1.0000" in lines
    assert any(
        re.fullmatch(r"\s+城乡建设\s+F1 1\.0000\s+（3 条）", line) for line in lines
    )
    at = lines.index("混淆矩阵（行：实际类别，列：预测类别；列序号同行序号）：")
    assert lines[at + 2].split() == ["1", "城乡建设", "3", "0"]
    assert lines[at + 3].split() == ["2", "环境保护", "0", "3"]


def test_evaluate_counts_categories_the_model_never_learnt_as_errors(
    small_csv, tmp_path
):
    model = tmp_path / "m.joblib"
    run("train", "--data", str(small_csv), "--model", str(model))
    other = tmp_path / "other.csv"
    other.write_text(SMALL + "公交太少,嘉禾街公交车太少,交通运输\n", encoding="utf-8")
    out = run("evaluate", "--data", str(other), "--model", str(model))
    assert "模型未学过的类别（计为错误）：交通运输" in out
    macro = float(re.search(r"^macro-F1: (\S+)$", out, re.M).group(1))
    assert macro < 1.0


def test_evaluate_uses_the_districts_model_by_default(small_csv):
    run("train", "--data", str(small_csv))
    assert "macro-F1: 1.0000" in run("evaluate", "--data", str(small_csv))


def test_suggest_prints_categories_with_confidence(small_csv, tmp_path):
    model = tmp_path / "m.joblib"
    run("train", "--data", str(small_csv), "--model", str(model))
    out = run("suggest", "河涌很臭", "--model", str(model), "-k", "2")
    first, second = (line.split("\t") for line in out.splitlines())
    assert first[0] == "环境保护"
    assert float(first[1]) >= float(second[1])


def test_catalogue_lists_the_demo_catalogue():
    out = run("catalogue", "--file", str(DEMO_CATALOGUE))
    assert "企业用电\t广州市白云区发展和改革局\t区级\t10" in out.splitlines()


def test_catalogue_without_a_district_file_says_how_to_import_one():
    with pytest.raises(CommandError, match="fazhi desk catalogue-load --file"):
        run("catalogue")


def test_catalogue_reports_model_categories_without_a_unit(tmp_path):
    model = tmp_path / "m.joblib"
    data = tmp_path / "d.csv"
    data.write_text(SMALL.replace("城乡建设", "违章建筑"), encoding="utf-8")
    run("train", "--data", str(data), "--model", str(model))
    with pytest.raises(CommandError, match="没有对应行：违章建筑"):
        run("catalogue", "--file", str(DEMO_CATALOGUE), "--model", str(model))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", "--data", "/nonexistent/x.csv"], "找不到文件"),
        (
            ["evaluate", "--data", "{small}", "--model", "/nonexistent/m.joblib"],
            "找不到分拨模型",
        ),
        (["train", "--data", "{bad}"], "缺少列：一级标签"),
        (["evaluate", "--data", "{bad}", "--model", "{model}"], "缺少列：一级标签"),
    ],
)
def test_bad_input_gives_a_chinese_error(args, message, small_csv, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("留言主题,留言详情\n路灯,坏了\n", encoding="utf-8")
    model = tmp_path / "m.joblib"
    run("train", "--data", str(small_csv), "--model", str(model))
    args = [a.format(small=small_csv, bad=bad, model=model) for a in args]
    with pytest.raises(CommandError, match=message):
        run(*args)
