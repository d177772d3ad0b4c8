package io.unosynth.runtime.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CLIP-style tokenizer in Hugging Face {@code tokenizer.json} format: lowercasing normaliser, CLIP's split
 * pattern, byte-level BPE with the {@code </w>} end-of-word suffix, {@code <|startoftext|>} ... {@code <|endoftext|>}
 * around each text, fixed-length padding. The vocabulary is tiny: the 256 byte symbols (plain and word-final),
 * one merge chain per {@link DemoVocabulary} word, then the two special tokens. As in CLIP, end-of-text has the
 * highest id (the text encoder pools at the argmax id) and id 0 is "!" (OWL-ViT pads with it).
 */
final class ClipTokenizerJson {
    static final String START = "<|startoftext|>";
    static final String END = "<|endoftext|>";
    private static final String WORD_END = "</w>";
    /** CLIP's pre-tokenizer pattern: contractions, letter runs, single digits, other symbol runs. */
    private static final String SPLIT_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

    private final Map<String, Integer> vocabulary = new LinkedHashMap<>();
    private final List<String> merges = new ArrayList<>();

    ClipTokenizerJson() {
        List<String> bytes = byteSymbols();
        bytes.forEach(this::addToken);
        bytes.forEach(symbol -> addToken(symbol + WORD_END));
        Map<String, Integer> ranks = new LinkedHashMap<>();
        for (String word : DemoVocabulary.WORDS) {
            // Like BPE training: split the word with the merges so far, then join the pieces left to right
            // with new, lower-priority merges. Earlier words keep their single token (their merges outrank).
            List<String> pieces = applyMerges(symbols(word), ranks);
            String current = pieces.get(0);
            for (String next : pieces.subList(1, pieces.size())) {
                String merge = current + " " + next;
                if (!ranks.containsKey(merge)) {
                    ranks.put(merge, ranks.size());
                    merges.add(merge);
                    addToken(current + next);
                }
                current = current + next;
            }
        }
        addToken(START);
        addToken(END);
    }

    int vocabularySize() {
        return vocabulary.size();
    }

    int endTokenId() {
        return vocabulary.get(END);
    }

    int startTokenId() {
        return vocabulary.get(START);
    }

    /** The tokenizer.json text, padding and truncating every text to {@code length} ids with {@code padToken}. */
    String json(int length, String padToken) {
        ObjectNode root = TokenizerJsonFormat.root(length, vocabulary.get(padToken), padToken);
        ArrayNode added = root.putArray("added_tokens");
        for (String special : List.of(START, END)) {
            TokenizerJsonFormat.addSpecialToken(added, vocabulary.get(special), special, true);
        }

        ObjectNode normalizer = root.putObject("normalizer").put("type", "Sequence");
        ArrayNode normalizers = normalizer.putArray("normalizers");
        normalizers.addObject().put("type", "NFC");
        TokenizerJsonFormat.addRegexReplace(normalizers, "\\s+", " ");
        normalizers.addObject().put("type", "Lowercase");

        ObjectNode preTokenizer = root.putObject("pre_tokenizer").put("type", "Sequence");
        ArrayNode preTokenizers = preTokenizer.putArray("pretokenizers");
        ObjectNode split = preTokenizers.addObject().put("type", "Split");
        split.putObject("pattern").put("Regex", SPLIT_PATTERN);
        split.put("behavior", "Removed").put("invert", true);
        preTokenizers.addObject().put("type", "ByteLevel").put("add_prefix_space", false)
                .put("trim_offsets", true).put("use_regex", false);

        ObjectNode post = root.putObject("post_processor").put("type", "RobertaProcessing");
        post.putArray("sep").add(END).add(vocabulary.get(END));
        post.putArray("cls").add(START).add(vocabulary.get(START));
        post.put("trim_offsets", false).put("add_prefix_space", false);

        root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true)
                .put("trim_offsets", true).put("use_regex", true);

        ObjectNode model = root.putObject("model").put("type", "BPE").putNull("dropout");
        model.put("unk_token", END).put("continuing_subword_prefix", "").put("end_of_word_suffix", WORD_END)
                .put("fuse_unk", false).put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        vocabulary.forEach(vocab::put);
        ArrayNode mergeArray = model.putArray("merges");
        merges.forEach(mergeArray::add);
        return TokenizerJsonFormat.text(root);
    }

    /** A word as byte-level BPE starts it: one symbol per character, the last carrying the word-end suffix. */
    private static List<String> symbols(String word) {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < word.length(); i++) {
            symbols.add(word.charAt(i) + (i == word.length() - 1 ? WORD_END : ""));
        }
        return symbols;
    }

    /** BPE: repeatedly merge the adjacent pair with the best (lowest) rank until no known pair is left. */
    private static List<String> applyMerges(List<String> symbols, Map<String, Integer> ranks) {
        List<String> pieces = new ArrayList<>(symbols);
        while (true) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < pieces.size(); i++) {
                Integer rank = ranks.get(pieces.get(i) + " " + pieces.get(i + 1));
                if (rank != null && rank < bestRank) {
                    best = i;
                    bestRank = rank;
                }
            }
            if (best < 0) {
                return pieces;
            }
            pieces.set(best, pieces.get(best) + pieces.remove(best + 1));
        }
    }

    private void addToken(String token) {
        vocabulary.putIfAbsent(token, vocabulary.size());
    }

    /**
     * The 256 printable symbols byte-level BPE uses for bytes, in GPT-2/CLIP order: printable Latin-1 bytes map
     * to themselves, the others to code points from 256 up.
     */
    private static List<String> byteSymbols() {
        List<Integer> printable = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) {
            printable.add(b);
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable.add(b);
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable.add(b);
        }
        List<String> symbols = new ArrayList<>();
        printable.forEach(b -> symbols.add(Character.toString(b)));
        int next = 256;
        for (int b = 0; b < 256; b++) {
            if (!printable.contains(b)) {
                symbols.add(Character.toString(next++));
            }
        }
        return symbols;
    }
}
