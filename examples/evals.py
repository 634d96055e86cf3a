"""Evals: define what a good answer is, run a model over a few items, read the graded results.

Uses OPENAI_API_KEY and OPENAI_BASE_URL (./scripts/demo points them at the local mock API).
"""

from openai_compat import Client
from openai_compat.types.evals import CreateEvalCustomDataSourceConfigParam, EvalGraderStringCheckParam
from openai_compat.types.evals_runs import CreateEvalCompletionsRunDataSourceParam

ITEMS = [{"item": {"country": "France", "capital": "Paris"}}, {"item": {"country": "Japan", "capital": "Tokyo"}}]


def main() -> None:
    client = Client()
    schema = {"type": "object", "properties": {"country": {"type": "string"}, "capital": {"type": "string"}}}
    evaluation = client.evals.create(
        name="capitals",
        data_source_config=CreateEvalCustomDataSourceConfigParam(type="custom", item_schema=schema,
                                                                 include_sample_schema=True),
        testing_criteria=[EvalGraderStringCheckParam(type="string_check", name="exact match", operation="ilike",
                                                     input="{{sample.output_text}}", reference="{{item.capital}}")],
    )
    print("eval:", evaluation.id, [criterion.name for criterion in evaluation.testing_criteria])
    template = [{"role": "user", "content": "The capital of {{item.country}}, one word:"}]
    source = CreateEvalCompletionsRunDataSourceParam(
        type="completions", model="gpt-4o-mini", source={"type": "file_content", "content": ITEMS},
        input_messages={"type": "template", "template": template},
    )
    run = client.evals.runs.create(evaluation.id, name="gpt-4o-mini", data_source=source)
    run = client.evals.runs.retrieve(run.id, eval_id=evaluation.id)  # runs take a while: check status later
    print("run:", run.id, run.status, run.result_counts)
    for item in client.evals.runs.output_items.list(run.id, eval_id=evaluation.id, limit=5).data:
        print("  item:", item.id, item.status, [(result.name, result.passed) for result in item.results])
    print("deleted:", client.evals.delete(evaluation.id).deleted)


if __name__ == "__main__":
    main()
