package io.unosynth.runtime.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A T5-style tokenizer in Hugging Face {@code tokenizer.json} format: SentencePiece-like Unigram model with the
 * {@code ▁} word-boundary marker (Metaspace), {@code </s>} appended to each text, {@code <pad>} padding to a
 * fixed length, ids 0/1/2 = {@code <pad>}/{@code </s>}/{@code <unk>} as in T5. Known words are single pieces
 * (higher score than their spelling); other text falls back to characters, unknown characters to {@code <unk>}.
 */
final class T5TokenizerJson {
    static final String PAD = "<pad>";
    static final String END = "</s>";
    static final String UNKNOWN = "<unk>";
    private static final String MARK = "\u2581";
    private static final String CHARACTERS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?'\"-:;()/&";

    /** Unigram pieces with log-probability scores; the list index is the id. */
    private final List<Piece> pieces = new ArrayList<>();

    private record Piece(String text, double score) {}

    T5TokenizerJson() {
        pieces.add(new Piece(PAD, 0.0));
        pieces.add(new Piece(END, 0.0));
        pieces.add(new Piece(UNKNOWN, 0.0));
        pieces.add(new Piece(MARK, -3.0));
        for (String word : DemoVocabulary.WORDS) {
            pieces.add(new Piece(MARK + word, -6.0));
        }
        for (char c : CHARACTERS.toCharArray()) {
            pieces.add(new Piece(String.valueOf(c), -10.0));
        }
    }

    int vocabularySize() {
        return pieces.size();
    }

    /** The tokenizer.json text, padding and truncating every text to {@code length} ids. */
    String json(int length) {
        ObjectNode root = TokenizerJsonFormat.root(length, 0, PAD);
        ArrayNode added = root.putArray("added_tokens");
        for (int id = 0; id < 3; id++) {
            TokenizerJsonFormat.addSpecialToken(added, id, pieces.get(id).text(), false);
        }

        ObjectNode normalizer = root.putObject("normalizer").put("type", "Sequence");
        ArrayNode normalizers = normalizer.putArray("normalizers");
        normalizers.addObject().put("type", "NFKC");
        TokenizerJsonFormat.addRegexReplace(normalizers, " {2,}", " ");

        root.set("pre_tokenizer", metaspace());

        ObjectNode post = root.putObject("post_processor").put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", END).put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", END).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", END).put("type_id", 0);
        ObjectNode end = post.putObject("special_tokens").putObject(END);
        end.put("id", END);
        end.putArray("ids").add(1);
        end.putArray("tokens").add(END);

        root.set("decoder", metaspace());

        ObjectNode model = root.putObject("model").put("type", "Unigram").put("unk_id", 2);
        ArrayNode vocab = model.putArray("vocab");
        pieces.forEach(piece -> vocab.addArray().add(piece.text()).add(piece.score()));
        model.put("byte_fallback", false);
        return TokenizerJsonFormat.text(root);
    }

    private static ObjectNode metaspace() {
        return TokenizerJsonFormat.object().put("type", "Metaspace").put("replacement", MARK)
                .put("prepend_scheme", "always").put("split", true);
    }
}
