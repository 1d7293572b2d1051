#include "analyzer/catalog/action_set.h"

#include <algorithm>

namespace iamlint::catalog {

ActionSet ActionSet::All(size_t universe) {
  ActionSet set(universe);
  set.AddRange(0, static_cast<uint32_t>(universe));
  return set;
}

void ActionSet::AddRange(uint32_t first, uint32_t end) {
  // Whole words at once: "s3:*" and "*" are the common cases and span hundreds of ids.
  while (first < end && first % 64 != 0) {
    Add(first++);
  }
  while (first + 64 <= end) {
    words_[first / 64] = ~uint64_t{0};
    first += 64;
  }
  while (first < end) {
    Add(first++);
  }
}

ActionSet& ActionSet::operator|=(const ActionSet& other) {
  for (size_t i = 0; i < words_.size() && i < other.words_.size(); ++i) {
    words_[i] |= other.words_[i];
  }
  return *this;
}

ActionSet& ActionSet::operator&=(const ActionSet& other) {
  for (size_t i = 0; i < words_.size(); ++i) {
    words_[i] &= i < other.words_.size() ? other.words_[i] : 0;
  }
  return *this;
}

ActionSet& ActionSet::Subtract(const ActionSet& other) {
  for (size_t i = 0; i < words_.size() && i < other.words_.size(); ++i) {
    words_[i] &= ~other.words_[i];
  }
  return *this;
}

ActionSet ActionSet::Complement() const {
  ActionSet all = All(universe_);
  all.Subtract(*this);
  return all;
}

size_t ActionSet::Count() const {
  size_t n = 0;
  for (const uint64_t w : words_) {
    n += static_cast<size_t>(std::popcount(w));
  }
  return n;
}

bool ActionSet::IsAll() const {
  // Word comparisons, not a population count: this runs once per policy and statement.
  const size_t full_words = universe_ / 64;
  for (size_t i = 0; i < full_words; ++i) {
    if (words_[i] != ~uint64_t{0}) {
      return false;
    }
  }
  const size_t tail = universe_ % 64;
  return tail == 0 || words_[full_words] == (uint64_t{1} << tail) - 1;
}

bool ActionSet::Empty() const {
  return std::all_of(words_.begin(), words_.end(), [](uint64_t w) { return w == 0; });
}

bool ActionSet::ContainsAll(const ActionSet& other) const {
  for (size_t i = 0; i < other.words_.size(); ++i) {
    const uint64_t mine = i < words_.size() ? words_[i] : 0;
    if ((other.words_[i] & ~mine) != 0) {
      return false;
    }
  }
  return true;
}

bool ActionSet::Intersects(const ActionSet& other) const {
  const size_t n = std::min(words_.size(), other.words_.size());
  for (size_t i = 0; i < n; ++i) {
    if ((words_[i] & other.words_[i]) != 0) {
      return true;
    }
  }
  return false;
}

}  // namespace iamlint::catalog
