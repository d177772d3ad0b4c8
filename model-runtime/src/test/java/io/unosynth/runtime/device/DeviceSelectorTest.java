package io.unosynth.runtime.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ModelSpec.DeviceMode;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.runtime.spi.Device;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {
    private final DeviceSelector plain = new DeviceSelector(Map.of());

    @Test
    void usesTheTasksFirstGpuAddress() {
        assertThat(plain.select("dino", DeviceMode.AUTO, List.of("2", "3"))).isEqualTo(Device.cuda(2));
        assertThat(plain.select("dino", DeviceMode.CUDA, List.of(" 1 "))).isEqualTo(Device.cuda(1));
    }

    @Test
    void autoFallsBackToTheCpuWithoutGpusAndCpuIgnoresThem() {
        assertThat(plain.select("dino", DeviceMode.AUTO, List.of())).isEqualTo(Device.cpu());
        assertThat(plain.select("dino", DeviceMode.CPU, List.of("0"))).isEqualTo(Device.cpu());
    }

    @Test
    void remapsPhysicalAddressesThroughCudaVisibleDevices() {
        DeviceSelector remapped = new DeviceSelector(Map.of(DeviceSelector.CUDA_VISIBLE_DEVICES, "4, 2,7"));

        assertThat(remapped.select("flux", DeviceMode.AUTO, List.of("2"))).isEqualTo(Device.cuda(1));
        assertThat(remapped.select("flux", DeviceMode.AUTO, List.of("7"))).isEqualTo(Device.cuda(2));
        assertThat(remapped.select("flux", DeviceMode.AUTO, List.of("4"))).isEqualTo(Device.cuda(0));
    }

    @Test
    void remapsGpuUuids() {
        DeviceSelector byUuid = new DeviceSelector(Map.of(DeviceSelector.CUDA_VISIBLE_DEVICES, "GPU-aaa,GPU-bbb"));

        assertThat(byUuid.select("flux", DeviceMode.CUDA, List.of("GPU-bbb"))).isEqualTo(Device.cuda(1));
        assertThatThrownBy(() -> plain.select("flux", DeviceMode.CUDA, List.of("GPU-bbb")))
                .hasMessageContaining("GPU address 'GPU-bbb': it is not a device index");
    }

    @Test
    void anAddressTheProcessCannotSeeFails() {
        DeviceSelector remapped = new DeviceSelector(Map.of(DeviceSelector.CUDA_VISIBLE_DEVICES, "0,1,-1,3"));

        assertThatThrownBy(() -> remapped.select("flux", DeviceMode.AUTO, List.of("3")))
                .hasMessageContaining("Cannot place model 'flux' on GPU address '3'")
                .hasMessageContaining("CUDA_VISIBLE_DEVICES='0,1,-1,3'")
                .hasMessageContaining("visible: [0, 1]");
    }

    @Test
    void aDemandedGpuThatIsAbsentFailsFast() {
        assertThatThrownBy(() -> plain.select("flux", DeviceMode.CUDA, List.of()))
                .isInstanceOfSatisfying(PipelineException.class,
                        e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.INVALID_CONFIG))
                .hasMessageContaining("Cannot place model 'flux' on a GPU")
                .hasMessageContaining("device = cuda but this task was given no GPU");
        assertThatThrownBy(() -> plain.select("flux", DeviceMode.CUDA, List.of("", " ")))
                .hasMessageContaining("given no GPU");
    }
}
