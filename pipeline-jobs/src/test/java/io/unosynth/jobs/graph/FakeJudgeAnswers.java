package io.unosynth.jobs.graph;

import io.unosynth.runtime.llm.FakeChatServer.Received;
import io.unosynth.runtime.llm.FakeChatServer.Reply;

/** A judge that scores every pair 3.5 (selected at the default threshold), for the local chat-completions fake. */
public final class FakeJudgeAnswers {
    public static final String PARTS = "{\"parts\": [\"body\", \"handle\"]}";
    public static final String DIFFERENCES = "Body: same.\nHandle: same.";
    public static final String SCORES = "Here is my scoring:\n```json\n{\"parts\": [{\"part\": \"body\", \"score\": 4}, "
            + "{\"part\": \"handle\", \"score\": 4}], \"appearance\": 4, \"details\": 4, \"attributes\": 4, "
            + "\"final\": 3.5}\n```";

    private FakeJudgeAnswers() {}

    /** Answers by turn (messages so far), so concurrent pairs get the right reply whatever the order. */
    public static Reply answer(Received request) {
        return switch (turn(request)) {
            case 1 -> Reply.answer(PARTS);
            case 2 -> Reply.answer(DIFFERENCES);
            default -> Reply.answer(SCORES);
        };
    }

    static int turn(Received request) {
        int messages = request.body().path("messages").size();
        return messages <= 2 ? 1 : messages <= 4 ? 2 : 3;
    }
}
