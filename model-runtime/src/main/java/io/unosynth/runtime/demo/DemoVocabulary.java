package io.unosynth.runtime.demo;

import java.util.List;

/**
 * The words the demo tokenizers know as whole tokens: enough for typical subject and scene prompts. Anything else
 * still tokenizes (CLIP-like: byte-level pieces; T5-like: single characters), only into more tokens.
 */
final class DemoVocabulary {
    private DemoVocabulary() {}

    static final List<String> WORDS = List.of(
            "a", "an", "the", "of", "on", "in", "with", "and", "at", "by", "for", "to", "from", "under", "near",
            "next", "left", "right", "same", "side", "two", "images", "image", "photo", "picture", "diptych",
            "this", "exactly", "but", "as", "is", "it", "its", "replicate",
            "dog", "cat", "bird", "horse", "car", "bus", "bike", "boat", "chair", "table", "sofa", "bed", "cup",
            "mug", "bottle", "vase", "lamp", "clock", "book", "phone", "laptop", "camera", "bag", "hat", "shoe",
            "toy", "teddy", "bear", "plant", "flower", "tree", "apple", "banana", "cake", "pizza", "robot",
            "red", "blue", "green", "yellow", "white", "black", "brown", "pink", "purple", "orange", "gray",
            "small", "large", "big", "little", "old", "new", "shiny", "wooden", "metal", "glass", "plastic",
            "soft", "cute", "vintage", "modern", "rare", "text", "logo", "sign",
            "beach", "park", "street", "city", "forest", "mountain", "snow", "river", "lake", "garden", "kitchen",
            "room", "office", "desk", "floor", "grass", "sky", "sun", "night", "day", "light", "water", "road",
            "sitting", "standing", "lying", "floating", "placed", "background", "foreground", "scene", "view",
            "close", "up", "top", "front", "behind", "inside", "outside", "wearing", "holding");
}
