"""The glossary (assets/i18n/glossary.toml) and the consistent use of its terms in every
catalogue: a Chinese string must not use a known wrong translation of a glossary term."""

from __future__ import annotations

import re

import pytest

from playground.i18n import load_catalogue
from ui import glossary

# Known wrong (or merely inconsistent) Chinese renderings of a glossary term, per term id. Each is
# specific enough not to match correct text ("标记行" is a marked line, not a token).
WRONG_ZH = {
    "discriminative_model": ("判别性模型", "区分式模型"),
    "generative_model": ("生成性模型", "产生式模型"),
    "logistic_regression": ("逻辑回归", "逻辑斯蒂回归", "对数几率回归", "罗吉斯蒂回归"),
    "support_vector_machine": ("支撑向量机", "支持矢量机"),
    "support_vector": ("支撑向量", "支持矢量"),
    "kernel": ("核方程",),
    "decision_boundary": ("判决边界", "决策界限"),
    "deep_neural_network": ("深层神经网络", "深度神经元网络"),
    "hidden_layer": ("隐层", "隐含层"),
    "loss_function": ("代价函数", "误差函数", "损耗函数"),
    "gradient": ("倾斜度", "陡度"),  # "坡度" stays: it translates "slope" (gan, first_model)
    "backpropagation": ("逆向传播", "反向传递", "误差回传"),
    "autograd": ("自动微分", "自动求梯度"),
    "tensor": ("张阵", "多维矩阵"),
    "learning_rate": ("学习速率", "学习速度"),
    "optimizer": ("优化算子", "优化程序"),
    "epoch": ("时期", "纪元", "训练周期"),
    "convolutional_neural_network": ("卷积式神经网络", "卷积网路"),
    "pooling": ("汇聚层", "汇合层"),
    "gaussian_mixture_model": ("混合高斯模型", "高斯混合分布模型"),
    "responsibility": ("责任度", "责任值", "的责任"),
    "em_algorithm": ("最大期望算法", "期望极大算法"),
    "hidden_markov_model": ("隐马尔科夫", "隐藏马尔可夫", "隐式马尔可夫"),
    "transition_probability": ("跃迁概率", "迁移概率"),
    "emission_probability": ("观测概率", "输出概率矩阵", "释放概率"),
    "viterbi": ("韦特比", "维特比译码"),
    "generative_adversarial_network": ("对抗生成网络", "对抗式生成网络", "生成式对抗网络"),
    "generator": ("生成网络",),
    "discriminator": ("鉴别器", "判别网络"),
    "diffusion_model": ("弥散模型", "扩散网络"),
    "noise_schedule": ("噪声时间表", "噪声计划", "加噪计划"),
    "text_generation": ("文字生成", "文本产生"),
    "token": ("令牌", "标记（token", "个标记", "符元"),
    "tokenizer": ("标记器", "词元化器", "分词工具"),
    "temperature": ("温度系数",),
    "pretrained_model": ("预训练好的模型", "预训练的模型"),
    "summarization": ("文本摘要", "自动摘要", "摘要生成"),
    "extractive_summary": ("抽取式", "抽取式总结", "提取式摘要"),
    "abstractive_summary": ("抽象式", "摘要式总结", "生成式摘要"),
    "sentiment_analysis": ("情绪分析", "情感识别"),
}


def test_every_glossary_entry_has_both_languages_and_a_definition():
    terms = glossary.terms()
    assert 20 <= len(terms) <= 40
    assert len({t.en.lower() for t in terms}) == len(terms)
    assert len({t.zh for t in terms}) == len(terms)
    for term in terms:
        assert term.en.strip() and term.zh.strip(), term.key
        assert term.definition_en.strip() and term.definition_zh.strip(), term.key
        assert re.search(r"[\u4e00-\u9fff]", term.zh + term.definition_zh), term.key
        assert "\n" not in term.definition_en + term.definition_zh, term.key
    catalogue = load_catalogue()
    definitions = {k for k in catalogue if k.startswith("glossary.definition.")}
    assert definitions == {f"glossary.definition.{t.key}" for t in terms}


def test_wrong_variants_are_listed_for_glossary_terms_and_never_part_of_the_term():
    terms = {t.key: t for t in glossary.terms()}
    assert set(WRONG_ZH) <= set(terms)
    for key, variants in WRONG_ZH.items():
        for variant in variants:
            # A variant inside the right term would flag every correct use of it.
            assert variant not in terms[key].zh, (key, variant)


def _offences() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, entry in load_catalogue().items():
        for term, variants in WRONG_ZH.items():
            for variant in variants:
                if variant in entry["zh"]:
                    found.setdefault(key, []).append(f"{variant} (glossary: {term})")
    return found


def test_catalogues_use_the_glossary_terms():
    """No Chinese string uses a known wrong translation of a glossary term."""
    assert _offences() == {}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_glossary_renders_in_both_uis(lang):
    lines = glossary.markdown_lines(lang)
    assert len(lines) == len(glossary.terms())
    assert ("逻辑斯谛回归" in lines[2]) and ("logistic regression" in lines[2])
    table = glossary.markdown_table()
    assert table.count("\n") == len(glossary.terms()) + 1
