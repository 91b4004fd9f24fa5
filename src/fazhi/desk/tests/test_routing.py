"""The router, its data files, the dispatch catalogue and the dispatcher's feedback."""

import csv
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from sklearn.metrics import f1_score

from fazhi.demo.calls import DEMO_CATALOGUE, DEMO_TRAINING_SET
from fazhi.demo.routing_set import generate
from fazhi.desk.routing import (
    NO_MODEL_MESSAGE,
    ModelVersionError,
    Router,
    RoutingError,
    default_model_path,
    get_router,
    load_catalogue,
    model_missing,
    read_feedback,
    read_training_csv,
    record_decision,
    suggest_route,
    uncovered_categories,
)
from fazhi.desk.routing.model import metadata_path

PART = Path(__file__).resolve().parents[2] / "locale" / "parts" / "routing.po"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
HEADER_ROW = "留言主题,留言详情,一级标签\n"


@pytest.fixture(scope="session")
def _routing_locale(tmp_path_factory):
    """Compile locale/parts/routing.po, so messages read in Chinese before the lead merges it."""
    if not shutil.which("msgfmt"):
        return None
    root = tmp_path_factory.mktemp("locale")
    out = root / "zh_Hans" / "LC_MESSAGES"
    out.mkdir(parents=True)
    po = out / "django.po"
    po.write_text(HEADER + PART.read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(out / "django.mo"), str(po)], check=True)  # noqa: S603,S607
    return root


@pytest.fixture(autouse=True)
def chinese_messages(_routing_locale, settings, tmp_path):
    """Chinese messages, and a var/ dir of the test's own (models, feedback)."""
    if _routing_locale is not None:
        settings.LOCALE_PATHS = [_routing_locale, *settings.LOCALE_PATHS]
    settings.FAZHI_VAR_DIR = tmp_path / "var"


@pytest.fixture(scope="session")
def demo_router():
    return Router.train(*read_training_csv(DEMO_TRAINING_SET))


def write_csv(path, text):
    path.write_text(text, encoding="utf-8")
    return path


# --- the router ------------------------------------------------------------------


def test_suggest_returns_top_three_best_first_with_probabilities(demo_router):
    suggestions = demo_router.suggest("太和镇穗丰村的工厂每天晚上排放刺鼻废气")
    assert len(suggestions) == 3
    confidences = [s.confidence for s in suggestions]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0 <= c <= 1 for c in confidences)
    assert sum(confidences) <= 1.0 + 1e-6
    assert len({s.label for s in suggestions}) == 3


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("人和镇鹤亭村旁边的河涌又黑又臭，还有死鱼", "环境保护"),
        ("京溪街的孩子上一年级没有学位，要跑很远上学", "教育文体"),
        ("我在石井街一家厂上班，老板拖欠我们三个月工资", "劳动和社会保障"),
        ("我司在江高镇的厂房这个月停了三次电，设备都烧坏了", "企业用电"),
        ("同和街社区卫生服务中心打疫苗太难预约了", "卫生计生"),
        ("我公司申请营业执照变更，窗口一直不给办", "企业审批"),
    ],
)
def test_demo_router_puts_plain_messages_in_their_category(demo_router, text, category):
    assert demo_router.suggest(text)[0].label == category


def test_k_limits_the_number_of_suggestions(demo_router):
    assert len(demo_router.suggest("公交车太少", k=1)) == 1
    assert len(demo_router.suggest("公交车太少", k=99)) == len(demo_router.labels)


def test_whitespace_and_full_width_characters_do_not_change_the_suggestion(demo_router):
    plain = demo_router.suggest("白云湖边有人偷排污水")
    spaced = demo_router.suggest("白云湖边\n有人　偷排 污水")
    assert plain == spaced


def test_a_saved_router_loads_with_the_same_suggestions_and_metadata(
    demo_router, tmp_path
):
    path = tmp_path / "m" / "router.joblib"
    demo_router.save(path)
    loaded = Router.load(path)
    text = "嘉禾街的健身房老板跑路了，会员卡里还有钱"
    assert loaded.suggest(text) == demo_router.suggest(text)
    meta = json.loads(metadata_path(path).read_text(encoding="utf-8"))
    assert meta["training_size"] == 504
    assert len(meta["labels"]) == 14
    assert {"trained_at", "sklearn_version"} <= meta.keys()


def test_a_model_from_another_sklearn_version_asks_to_retrain(demo_router, tmp_path):
    path = tmp_path / "router.joblib"
    demo_router.save(path)
    meta = json.loads(metadata_path(path).read_text(encoding="utf-8"))
    meta["sklearn_version"] = "0.24.2"
    metadata_path(path).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(
        ModelVersionError, match=r"scikit-learn 0\.24\.2 训练.*请重新训练"
    ):
        Router.load(path)


def test_a_missing_model_says_how_to_train_one(tmp_path):
    with pytest.raises(RoutingError, match=r"找不到分拨模型.*fazhi desk train"):
        Router.load(tmp_path / "none.joblib")


def test_a_damaged_model_file_asks_to_retrain(demo_router, tmp_path):
    path = tmp_path / "router.joblib"
    demo_router.save(path)
    path.write_bytes(b"not a model")
    with pytest.raises(RoutingError, match="无法读取分拨模型"):
        Router.load(path)


@pytest.mark.parametrize(
    ("texts", "labels", "message"),
    [
        (["甲", "乙"], ["城乡建设", "城乡建设"], "至少需要两个类别"),
        (["甲", "乙", "丙"], ["城乡建设", "城乡建设", "环境保护"], "不足：环境保护"),
        (["甲"], ["城乡建设", "环境保护"], "数量不一致"),
    ],
)
def test_training_on_unusable_data_fails_in_chinese(texts, labels, message):
    with pytest.raises(RoutingError, match=message):
        Router.train(texts, labels)


def test_a_router_learns_from_a_tiny_set():
    texts = ["路灯坏了", "路面塌陷", "井盖丢了", "河水发臭", "工厂排烟", "垃圾焚烧"]
    labels = ["城乡建设"] * 3 + ["环境保护"] * 3
    router = Router.train(texts, labels)
    assert router.labels == ["城乡建设", "环境保护"]
    assert router.suggest("河水很臭")[0].label == "环境保护"


def test_retraining_on_the_same_messages_gives_the_same_confidences(demo_router):
    """The classifier is trained by stochastic gradient descent with fixed seeds, so a
    dispatcher does not see suggestions change when nothing in the data changed."""
    again = Router.train(*read_training_csv(DEMO_TRAINING_SET))
    text = "白云湖街道的公交站台被拆了，老人等车很不方便"
    assert again.suggest(text, k=14) == demo_router.suggest(text, k=14)


# --- the district's router and the threshold -------------------------------------


def test_without_a_trained_model_nothing_is_routed_and_no_demo_model_appears(settings):
    path = default_model_path()
    assert path == settings.FAZHI_VAR_DIR / "desk" / "router.joblib"
    assert get_router() is None
    assert model_missing()
    route = suggest_route("小区门口的公交站太远了，老人走不动")
    assert route.suggestions == []
    assert route.best is None
    assert not route.automatic
    assert not path.exists()
    assert "fazhi desk train" in str(NO_MODEL_MESSAGE)


def test_get_router_loads_the_trained_model_and_keeps_it(demo_router):
    path = default_model_path()
    demo_router.save(path)
    router = get_router()
    assert metadata_path(path).is_file()
    assert "企业用水" in router.labels
    assert get_router() is router
    assert not model_missing()


def test_confident_suggestion_routes_automatically(settings, demo_router):
    settings.FAZHI_ROUTING_THRESHOLD = 0.5
    route = suggest_route("小区门口的公交站太远了，老人走不动", router=demo_router)
    assert route.best.label == "交通运输"
    assert route.best.confidence >= 0.5
    assert route.automatic


def test_below_the_threshold_the_call_goes_to_a_dispatcher(settings, demo_router):
    settings.FAZHI_ROUTING_THRESHOLD = 0.99
    route = suggest_route("你好，我想反映一个情况", router=demo_router)
    assert route.threshold == 0.99
    assert not route.automatic
    assert len(route.suggestions) == 3


# --- data files --------------------------------------------------------------------


def test_training_csv_joins_subject_and_detail(tmp_path):
    path = write_csv(
        tmp_path / "d.csv",
        "留言编号,留言主题,留言详情,一级标签\n1,路灯不亮,京溪路的路灯坏了,城乡建设\n2,,河涌发臭,环境保护\n",
    )
    assert read_training_csv(path) == (
        ["路灯不亮。京溪路的路灯坏了", "河涌发臭"],
        ["城乡建设", "环境保护"],
    )


def test_a_gbk_csv_from_excel_is_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes((HEADER_ROW + "噪音,工地夜间施工,环境保护\n").encode("gbk"))
    assert read_training_csv(path) == (["噪音。工地夜间施工"], ["环境保护"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("标题,内容,类别\n路灯,坏了,城乡建设\n", "缺少列：留言详情、一级标签"),
        (
            HEADER_ROW + "路灯,坏了,城乡建设\n噪音,,\n,,\n,臭,\n",
            "有 2 行缺少留言内容或一级标签（第 3、5 行）",
        ),
        (HEADER_ROW, "没有留言数据"),
    ],
)
def test_bad_training_csv_fails_in_chinese(tmp_path, content, message):
    path = write_csv(tmp_path / "bad.csv", content)
    with pytest.raises(RoutingError, match=message):
        read_training_csv(path)


def test_a_missing_training_file_fails_in_chinese(tmp_path):
    with pytest.raises(RoutingError, match="找不到文件"):
        read_training_csv(tmp_path / "none.csv")


# --- the demo training set -----------------------------------------------------------


def test_demo_set_is_the_generators_output_and_covers_every_category():
    with DEMO_TRAINING_SET.open(encoding="utf-8", newline="") as f:
        rows = [tuple(r) for r in csv.reader(f)][1:]
    assert rows == generate()
    labels = {r[2] for r in rows}
    assert labels == {
        "城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "商贸旅游", "卫生计生",
        "企业用水", "企业用电", "企业用地", "企业用工", "企业资金", "企业审批", "企业其他",
    }  # fmt: skip
    assert 300 <= len(rows) <= 600


# --- dispatch catalogue ----------------------------------------------------------


def test_demo_catalogue_names_a_unit_for_every_demo_category(demo_router):
    entries = load_catalogue(DEMO_CATALOGUE)
    assert uncovered_categories(demo_router.labels, entries) == []
    assert entries["企业用水"].unit == "广州市白云区水务局"
    assert entries["城乡建设"].time_limit_workdays == 15


def test_a_district_without_a_catalogue_file_is_refused_not_given_the_demo_one():
    with pytest.raises(RoutingError) as caught:
        load_catalogue()
    assert caught.value.code == "no_catalogue"
    assert "fazhi desk catalogue-load --file" in str(caught.value)


def test_the_districts_own_catalogue_file_is_read_by_default(settings):
    own = settings.FAZHI_VAR_DIR / "desk" / "dispatch_catalogue.csv"
    own.parent.mkdir(parents=True)
    own.write_text(
        "事项类别,责任单位,层级,办理时限（工作日）\n城乡建设,太和镇人民政府,镇街,5\n",
        encoding="utf-8",
    )
    assert next(iter(load_catalogue().values())).unit == "太和镇人民政府"


def test_a_bad_catalogue_lists_every_bad_line(tmp_path):
    path = write_csv(
        tmp_path / "c.csv",
        "事项类别,责任单位,层级,办理时限（工作日）\n"
        "城乡建设,区住建局,区级,15\n"
        "环境保护,生态环境分局,市级,15\n"
        "交通运输,区交通运输局,区级,十五\n"
        "城乡建设,区城管执法局,区级,10\n",
    )
    with pytest.raises(RoutingError) as caught:
        load_catalogue(path)
    assert str(caught.value).splitlines()[1:] == [
        "第3行：层级“市级”不是 区级、镇街、村居 之一",
        "第4行：办理时限“十五”不是正整数",
        "第5行：事项类别“城乡建设”重复",
    ]


# --- the dispatcher's decisions --------------------------------------------------


def test_dispatcher_decisions_are_kept_for_training():
    assert read_feedback() == ([], [])
    assert record_decision("工地晚上施工太吵", suggested="城乡建设", chosen="环境保护")
    assert not record_decision("路灯不亮", suggested="城乡建设", chosen="城乡建设")
    assert record_decision("想咨询一下", suggested=None, chosen="企业其他")
    assert read_feedback() == (
        ["工地晚上施工太吵", "路灯不亮", "想咨询一下"],
        ["环境保护", "城乡建设", "企业其他"],
    )


# --- the real data -------------------------------------------------------------------


@pytest.mark.shared_data
def test_router_trained_on_2000_real_messages_classifies_unseen_ones(shared_data):
    texts, labels = read_training_csv(shared_data / "tipdm2020c_messages" / "train.csv")
    order = list(range(len(texts)))
    random.Random(7).shuffle(order)
    train, test = order[:2000], order[2000:3000]
    router = Router.train([texts[i] for i in train], [labels[i] for i in train])
    predicted = router.predict([texts[i] for i in test])
    assert f1_score([labels[i] for i in test], predicted, average="macro") > 0.8
