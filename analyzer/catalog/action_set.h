#pragma once
// A set of catalog actions as a bitset over the catalog's action ids, so effective-permission
// questions are exact set algebra (union, intersection, difference) over every AWS action.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace iamlint::catalog {

/// A subset of the catalog's actions.
class ActionSet {
 public:
  ActionSet() = default;
  /// An empty set over a catalog of `universe` actions.
  explicit ActionSet(size_t universe) : universe_(universe), words_((universe + 63) / 64) {}

  /// Every action of a catalog of `universe` actions.
  static ActionSet All(size_t universe);

  /// Adds action `id`.
  void Add(uint32_t id) { words_[id / 64] |= uint64_t{1} << (id % 64); }
  /// Adds every action in [first, end).
  void AddRange(uint32_t first, uint32_t end);
  /// True when `id` is in the set.
  bool Contains(uint32_t id) const { return (words_[id / 64] >> (id % 64)) & 1U; }

  /// Union.
  ActionSet& operator|=(const ActionSet& other);
  /// Intersection.
  ActionSet& operator&=(const ActionSet& other);
  /// Difference: removes every action of `other`.
  ActionSet& Subtract(const ActionSet& other);
  /// The complement within the catalog.
  ActionSet Complement() const;

  /// Number of actions in the set.
  size_t Count() const;
  /// True when the set holds no action.
  bool Empty() const;
  /// True when the set holds every action of the catalog.
  bool IsAll() const;
  /// True when every action of `other` is in this set.
  bool ContainsAll(const ActionSet& other) const;
  /// True when the two sets share an action.
  bool Intersects(const ActionSet& other) const;
  /// Size of the catalog the set ranges over.
  size_t universe() const { return universe_; }

  /// Calls `fn(id)` for each action in increasing id order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (size_t w = 0; w < words_.size(); ++w) {
      uint64_t bits = words_[w];
      while (bits != 0) {
        const int bit = std::countr_zero(bits);
        fn(static_cast<uint32_t>(w * 64 + static_cast<size_t>(bit)));
        bits &= bits - 1;
      }
    }
  }

  bool operator==(const ActionSet& other) const = default;

 private:
  size_t universe_ = 0;
  std::vector<uint64_t> words_;
};

}  // namespace iamlint::catalog
