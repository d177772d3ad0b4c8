package io.unosynth.runtime.contracts;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import io.unosynth.runtime.contracts.clip.ClipImageEmbedder;
import io.unosynth.runtime.contracts.clip.ClipProjectedTextEncoder;
import io.unosynth.runtime.contracts.clip.ClipTextEncoder;
import io.unosynth.runtime.contracts.dino.DinoEmbedder;
import io.unosynth.runtime.contracts.dino.DinoV1Embedder;
import io.unosynth.runtime.contracts.flux.FluxPromptEncoder;
import io.unosynth.runtime.contracts.flux.OnnxFlowTransformer;
import io.unosynth.runtime.contracts.owl.OwlDetector;
import io.unosynth.runtime.contracts.t5.T5TextEncoder;
import io.unosynth.runtime.contracts.text.TextEncoderSession;
import io.unosynth.runtime.contracts.text.TokenizerFiles;
import io.unosynth.runtime.contracts.vae.VaeCodec;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.registry.ModelRegistry;
import io.unosynth.runtime.sampling.FluxSampler;
import io.unosynth.runtime.sampling.SamplerParams;
import io.unosynth.runtime.spi.ModelSession;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The model contracts of one Spark partition (or any unit of work): each is built on first use from the configured
 * model {@link ModelNames} names, through a {@link ModelLoader} lease on the JVM's shared session, and kept until
 * {@link #close()}, which closes the tokenizers and releases the leases (the sessions stay loaded while other
 * partitions hold leases). Thread-safe; the contracts it returns are too.
 */
public final class ModelSet implements AutoCloseable {
    private final ModelLoader loader;
    private final ModelNames names;
    private final List<String> gpuAddresses;
    private final BatchSize batchSize;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private DinoEmbedder dino;
    private ClipTextEncoder clip;
    private T5TextEncoder t5;
    private OnnxFlowTransformer transformer;
    private VaeCodec vae;
    private OwlDetector owl;
    private DinoV1Embedder dinoV1;
    private ClipImageEmbedder clipVision;
    private ClipProjectedTextEncoder clipTextProjected;
    private boolean closed;

    /**
     * @param gpuAddresses the GPU addresses the task was given, empty when none
     * @param batchSize items per model call, for every contract
     */
    public ModelSet(ModelLoader loader, ModelNames names, List<String> gpuAddresses, BatchSize batchSize) {
        this.loader = requireNonNull(loader, "loader is null");
        this.names = requireNonNull(names, "names is null");
        this.gpuAddresses = List.copyOf(gpuAddresses);
        this.batchSize = requireNonNull(batchSize, "batchSize is null");
    }

    public synchronized DinoEmbedder dino() {
        checkOpen(names.dino());
        if (dino == null) {
            dino = build(names.dino(), DinoEmbedder.SIGNATURE, session -> new DinoEmbedder(session, batchSize));
        }
        return dino;
    }

    public synchronized ClipTextEncoder clip() {
        checkOpen(names.clip());
        if (clip == null) {
            clip = own(build(names.clip(), ClipTextEncoder.SIGNATURE, session -> new ClipTextEncoder(
                    TextEncoderSession.open(session, TokenizerFiles.locate(loader, names.clip()),
                            ClipTextEncoder.LENGTH, batchSize))));
        }
        return clip;
    }

    public synchronized T5TextEncoder t5() {
        checkOpen(names.t5());
        if (t5 == null) {
            t5 = own(build(names.t5(), T5TextEncoder.SIGNATURE, session -> new T5TextEncoder(
                    TextEncoderSession.open(session, TokenizerFiles.locate(loader, names.t5()),
                            T5TextEncoder.LENGTH, batchSize))));
        }
        return t5;
    }

    public synchronized FluxPromptEncoder promptEncoder() {
        return new FluxPromptEncoder(t5(), clip());
    }

    public synchronized OnnxFlowTransformer transformer() {
        checkOpen(names.flux());
        if (transformer == null) {
            transformer = build(names.flux(), OnnxFlowTransformer.SIGNATURE, OnnxFlowTransformer::new);
        }
        return transformer;
    }

    /** The VAE; its encoder only when {@link ModelNames#vaeEncoder()} is configured. */
    public synchronized VaeCodec vae() {
        checkOpen(names.vaeDecoder());
        if (vae == null) {
            ContractSession decoder = open(names.vaeDecoder(), VaeCodec.DECODER_SIGNATURE);
            Optional<ContractSession> encoder = loader.isConfigured(names.vaeEncoder())
                    ? Optional.of(open(names.vaeEncoder(), VaeCodec.ENCODER_SIGNATURE))
                    : Optional.empty();
            vae = new VaeCodec(decoder, encoder, batchSize);
        }
        return vae;
    }

    public synchronized OwlDetector owl() {
        checkOpen(names.owl());
        if (owl == null) {
            owl = own(build(names.owl(), OwlDetector.SIGNATURE, session -> OwlDetector.open(session,
                    TokenizerFiles.locate(loader, names.owl()), batchSize)));
        }
        return owl;
    }

    /** The DINO v1 ViT-S/16 embedder of the evaluation's DINO score. */
    public synchronized DinoV1Embedder dinoV1() {
        checkOpen(names.dinoV1());
        if (dinoV1 == null) {
            dinoV1 = build(names.dinoV1(), DinoV1Embedder.SIGNATURE, session -> new DinoV1Embedder(session, batchSize));
        }
        return dinoV1;
    }

    /** The CLIP image embedder (with projection) of the evaluation's CLIP-I and CLIP-T scores. */
    public synchronized ClipImageEmbedder clipVision() {
        checkOpen(names.clipVision());
        if (clipVision == null) {
            clipVision = build(names.clipVision(), ClipImageEmbedder.SIGNATURE, session -> new ClipImageEmbedder(session, batchSize));
        }
        return clipVision;
    }

    /** The CLIP text embedder (with projection) of the evaluation's CLIP-T score. */
    public synchronized ClipProjectedTextEncoder clipTextProjected() {
        checkOpen(names.clipTextProjected());
        if (clipTextProjected == null) {
            clipTextProjected = own(build(names.clipTextProjected(), ClipProjectedTextEncoder.SIGNATURE,
                    session -> ClipProjectedTextEncoder.open(session,
                    TokenizerFiles.locate(loader, names.clipTextProjected()), batchSize)));
        }
        return clipTextProjected;
    }

    /** FLUX sampling over this set's prompt encoder, transformer and VAE. */
    public FluxSampler sampler(SamplerParams params) {
        return new FluxSampler(promptEncoder(), transformer(), vae(), params);
    }

    @Override
    public synchronized void close() {
        closed = true;
        RuntimeException failure = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Cannot close model set: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private <T> T build(String name, ContractSignature signature, Function<ContractSession, T> contract) {
        ContractSession session = open(name, signature);
        return contract.apply(session);
    }

    private void checkOpen(String name) {
        Preconditions.checkState(!closed, "Cannot open model '%s': the model set is closed", name);
    }

    /** Declares the contract's signature, so engines without metadata (TorchScript) can run the model. */
    private ContractSession open(String name, ContractSignature signature) {
        checkOpen(name);
        ModelRegistry.Lease<ModelSession> lease = loader.acquire(name, gpuAddresses,
                signature.toModel(loader.spec(name)));
        resources.push(lease);
        return new ContractSession(lease.value(), loader.spec(name));
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }
}
