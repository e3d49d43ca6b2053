package io.roomcast.application.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.out.AdmissionTable;
import io.roomcast.domain.policy.RoomBudget;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The domain rule itself against {@link AdmissionTable}: the rows the stores' appends (and Redis's Lua) must match. */
class RoomBudgetTableTest {

    static List<AdmissionTable.Scenario> scenarios() {
        return AdmissionTable.scenarios();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void givenTableScenario_roomBudget_admitsAsTheTableSays(AdmissionTable.Scenario scenario) {
        RoomBudget[] budget = {null};

        List<Integer> admitted = AdmissionTable.run(scenario, (level, at) -> {
            if (budget[0] == null) {
                budget[0] = scenario.policy().newBudget(at);
            }
            return budget[0].admit(level, at).isAccepted();
        });

        assertThat(admitted).isEqualTo(AdmissionTable.expected(scenario));
    }
}
