"""infocourse.signals: PAM levels, SNR, the exact detection channel."""

import math

import numpy as np
import pytest
from conftest import distributions
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import norm

import infocourse as ic
from infocourse.signals import (
    PAM4_LEVELS,
    detect,
    noise_sigma,
    pam_levels,
    permutation_channel,
    received_distribution,
    signal_power,
    simulate_transitions,
    snr_db,
    symbol_error_rate,
    transition_matrix,
)


def test_pam_levels_and_power():
    assert pam_levels(2).tolist() == [-1.0, 1.0]
    assert pam_levels(3).tolist() == [-2.0, 0.0, 2.0]
    assert pam_levels(4).tolist() == list(PAM4_LEVELS)
    assert signal_power(PAM4_LEVELS) == 5.0
    assert signal_power(PAM4_LEVELS, [0.1, 0.4, 0.4, 0.1]) == pytest.approx(2.6, rel=1e-15)


def test_snr_round_trip_and_values():
    assert noise_sigma(10.0, PAM4_LEVELS) == pytest.approx(math.sqrt(0.5), rel=1e-15)
    assert snr_db(1.0, [-1.0, 1.0]) == 0.0
    for snr in (-5.0, 0.0, 7.3, 20.0):
        assert snr_db(noise_sigma(snr, PAM4_LEVELS), PAM4_LEVELS) == pytest.approx(snr, abs=1e-12)


def test_snr_at_the_extremes():
    """A tiny sigma (sigma² underflows) and extreme SNRs give numbers or clear errors."""
    assert snr_db(1e-200, PAM4_LEVELS) == pytest.approx(10 * math.log10(5.0) + 4000.0, rel=1e-15)
    assert noise_sigma(1e5, PAM4_LEVELS) == 0.0  # below the smallest float: noise-free
    assert noise_sigma(-6000.0, PAM4_LEVELS) == pytest.approx(math.sqrt(5.0) * 1e300, rel=1e-12)
    with pytest.raises(
        ValueError,
        match=r"^snr must give a noise standard deviation below "
        r"the largest float, got -100000.0 dB",
    ):
        noise_sigma(-1e5, PAM4_LEVELS)
    for call in (
        lambda: snr_db(1.0, pam_levels(3), [0.0, 1.0, 0.0]),
        lambda: noise_sigma(10.0, pam_levels(3), [0.0, 1.0, 0.0]),
    ):
        with pytest.raises(
            ValueError,
            match=r"^p puts all its probability on the level 0, "
            r"so the signal power",
        ):
            call()


def test_tiny_sigma_gives_the_identity_without_warnings():
    # pytest turns RuntimeWarnings into errors (pyproject.toml), so this also checks
    # that no numpy overflow warning escapes
    assert transition_matrix(PAM4_LEVELS, 5e-324).tolist() == np.eye(4).tolist()


def test_small_error_rates_keep_their_digits():
    t = transition_matrix(PAM4_LEVELS, 0.1)  # errors about Q(10) = 7.6e-24 per threshold
    u = ic.uniform(4)
    assert symbol_error_rate(u, t) == pytest.approx(1.5 * norm.sf(10.0), rel=1e-10)
    p = [0.1, 0.4, 0.4, 0.1]
    t = transition_matrix(PAM4_LEVELS, 0.7)
    assert symbol_error_rate(p, t) == pytest.approx(1 - np.dot(p, np.diag(t)), rel=1e-13)


def test_transition_matrix_against_scipy_cdf():
    sigma = 0.8
    t = transition_matrix(PAM4_LEVELS, sigma)
    edges = np.array([-np.inf, -2.0, 0.0, 2.0, np.inf])
    for i, s in enumerate(PAM4_LEVELS):
        ref = np.diff(norm.cdf(edges, loc=s, scale=sigma))
        np.testing.assert_allclose(t[i], ref, rtol=1e-12, atol=1e-16)


def test_transition_matrix_exact_row_of_binary():
    t = transition_matrix([-1.0, 1.0], 1.0)
    assert t[0, 1] == pytest.approx(norm.sf(1.0), rel=1e-14)
    assert t[1, 0] == pytest.approx(norm.sf(1.0), rel=1e-14)


def test_tiny_tails_are_accurate():
    t = transition_matrix(PAM4_LEVELS, 0.05)  # error probability about Q(20)
    assert t[0, 1] == pytest.approx(norm.sf(20.0), rel=1e-10)
    assert t[0, 1] > 0


def test_noise_free_and_symmetric():
    assert transition_matrix(PAM4_LEVELS, 0.0).tolist() == np.eye(4).tolist()
    t = transition_matrix(PAM4_LEVELS, 1.3)
    np.testing.assert_allclose(t, t[::-1, ::-1], rtol=1e-14, atol=1e-17)


@given(st.floats(0.01, 20.0), st.integers(2, 8))
def test_rows_are_distributions(sigma, m):
    t = transition_matrix(pam_levels(m), sigma)
    assert t.min() >= 0.0
    np.testing.assert_allclose(t.sum(axis=1), 1.0, atol=1e-14)


@given(distributions(size=4), st.floats(0.05, 5.0))
def test_received_is_distribution_and_data_processing(p, sigma):
    t = transition_matrix(PAM4_LEVELS, sigma)
    q = received_distribution(p, t)
    assert q.sum() == pytest.approx(1.0, abs=1e-12) and q.min() >= 0.0
    # a channel can only bring two input distributions closer (data processing)
    u = ic.uniform(4)
    assert ic.kl_divergence(p, u) + 1e-12 >= ic.kl_divergence(q, received_distribution(u, t))


def test_symbol_error_rate_values():
    t = transition_matrix([-1.0, 1.0], 1.0)
    assert symbol_error_rate([0.5, 0.5], t) == pytest.approx(norm.sf(1.0), rel=1e-14)
    assert symbol_error_rate(ic.uniform(4), permutation_channel([1, 0, 3, 2])) == 1.0
    assert symbol_error_rate(ic.uniform(4), np.eye(4)) == 0.0


def test_permutation_channel_keeps_uniform():
    p = ic.uniform(4)
    q = received_distribution(p, permutation_channel([3, 2, 1, 0]))
    assert ic.kl_divergence(p, q) == 0.0


def test_detect_thresholds():
    assert detect([-2.0, -1.9, 0.0, 0.1, 2.0, 2.1], PAM4_LEVELS).tolist() == [0, 1, 1, 2, 2, 3]


def test_monte_carlo_agrees_with_exact():
    rng = np.random.default_rng(7)
    sigma = noise_sigma(8.0, PAM4_LEVELS)
    est = simulate_transitions(PAM4_LEVELS, sigma, 200_000, rng)
    exact = transition_matrix(PAM4_LEVELS, sigma)
    # binomial standard error is at most 0.5/sqrt(n) ~ 1.1e-3; allow 5 of them
    assert np.abs(est - exact).max() < 5.6e-3


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: transition_matrix(PAM4_LEVELS, -1.0), r"^sigma must be >= 0, got -1.0$"),
        (
            lambda: transition_matrix(PAM4_LEVELS, math.nan),
            r"^sigma must be a finite number, got nan$",
        ),
        (lambda: transition_matrix(PAM4_LEVELS, "1"), r"^sigma must be a real number, got '1'$"),
        (
            lambda: transition_matrix([1.0, 0.0], 1.0),
            r"^levels must be strictly increasing, got \[1.0, 0.0\]$",
        ),
        (
            lambda: transition_matrix([1.0], 1.0),
            r"^levels must be 1-D with at least 2 levels, got shape \(1,\)$",
        ),
        (
            lambda: transition_matrix([0.0, math.nan], 1.0),
            r"^levels must not contain NaN, found NaN at index 1$",
        ),
        (
            lambda: transition_matrix([0.0, math.inf], 1.0),
            r"^levels must contain finite numbers, found inf at index 1$",
        ),
        (lambda: snr_db(0.0, PAM4_LEVELS), r"^sigma must be > 0, got 0.0$"),
        (lambda: noise_sigma("x", PAM4_LEVELS), r"^snr must be a real number, got 'x'$"),
        (lambda: pam_levels(1), r"^m must be an integer >= 2, got 1$"),
        (lambda: pam_levels(4.0), r"^m must be an integer, got 4.0$"),
        (
            lambda: received_distribution([0.5, 0.5], np.eye(3)),
            r"^p must have shape \(3,\), one probability per level, got \(2,\)$",
        ),
        (
            lambda: received_distribution([0.5, 0.6], np.eye(2)),
            r"^p must sum to 1 along axis -1 \(tolerance 1e-06\), got 1.1$",
        ),
        (
            lambda: received_distribution([0.5, math.nan], np.eye(2)),
            r"^p must not contain NaN, found NaN at index 1$",
        ),
        (
            lambda: received_distribution([0.5, 0.5], [[0.5, 0.6], [0, 1]]),
            r"^t must sum to 1 along axis 1 \(tolerance 1e-06\), got 1.1 for the distribution "
            r"at index \(0,\)$",
        ),
        (
            lambda: received_distribution([0.5, 0.5], [[1.2, -0.2], [0, 1]]),
            r"^t must contain probabilities in \[0, 1\], found 1.2 > 1 at index \(0, 0\)",
        ),
        (
            lambda: received_distribution([0.5, 0.5], np.ones((2, 3)) / 3),
            r"^t must be a square matrix, got shape \(2, 3\)$",
        ),
        (lambda: permutation_channel([0, 0]), r"^perm must be a permutation"),
        (lambda: signal_power(PAM4_LEVELS, [1.0]), r"^p must have shape \(4,\)"),
        (
            lambda: detect([0.0, math.nan], PAM4_LEVELS),
            r"^received must not contain NaN, found NaN at index 1$",
        ),
        (
            lambda: simulate_transitions(PAM4_LEVELS, 1.0, 0, np.random.default_rng(0)),
            r"^n_per_level must be an integer >= 1, got 0$",
        ),
        (lambda: simulate_transitions(PAM4_LEVELS, 1.0, 10, 3), r"^rng must be a numpy Generator"),
    ],
)
def test_validation_messages(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_messages_are_the_package_messages():
    """A bad sent distribution gets exactly the words kl_divergence would use for it."""
    bad = [0.5, 0.6]
    with pytest.raises(ValueError) as here:
        received_distribution(bad, np.eye(2))
    with pytest.raises(ValueError) as there:
        ic.kl_divergence(bad, [0.5, 0.5])
    assert str(here.value) == str(there.value)


def test_mutual_information_of_the_channel():
    """I(sent; detected) from the package's mutual_information of the joint P_i T_ij."""
    p = np.array([0.1, 0.4, 0.4, 0.1])
    for t in (np.eye(4), permutation_channel([3, 2, 1, 0])):
        info = ic.mutual_information(ic.joint_distribution(p, t))
        assert info == pytest.approx(ic.entropy(p), rel=1e-14)
    t = transition_matrix(PAM4_LEVELS, 0.8)
    joint = p[:, None] * t
    direct = sum(
        joint[i, j] * math.log(joint[i, j] / (p[i] * (p @ t)[j]))
        for i in range(4)
        for j in range(4)
        if joint[i, j] > 0
    )
    assert ic.mutual_information(ic.joint_distribution(p, t)) == pytest.approx(direct, rel=1e-12)


@given(distributions(size=4), distributions(size=4), st.floats(0.05, 5.0), st.floats(0.05, 5.0))
def test_data_processing_for_two_senders_and_cascades(p1, p2, s1, s2):
    t1, t2 = transition_matrix(PAM4_LEVELS, s1), transition_matrix(PAM4_LEVELS, s2)
    # D_KL(P1 T‖P2 T) <= D_KL(P1‖P2)
    q1, q2 = received_distribution(p1, t1), received_distribution(p2, t1)
    assert ic.kl_divergence(q1, q2) <= ic.kl_divergence(p1, p2) + 1e-12
    # a second noisy stage after the first: I(X; Z) <= I(X; Y)
    i_xy = ic.mutual_information(ic.joint_distribution(p1, t1))
    i_xz = ic.mutual_information(ic.joint_distribution(p1, t1 @ t2))
    assert i_xz <= i_xy + 1e-12
